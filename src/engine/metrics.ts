// Per-agent accumulators: costs (never reset) and the open day's metrics (engine.md §7, §8).

import type { SettledBy } from './transaction.js';

export const COST_KINDS = ['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const MECHANISMS: readonly SettledBy[] = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral'];

/** Metrics of one agent-day that are accumulated during the day (the rest is derived at close). */
export const DAY_COUNTERS = [
  'min_balance',
  'max_balance',
  'peak_q1_size',
  'peak_q1_value',
  'peak_q2_size',
  'peak_q2_value',
  'arrivals',
  'arrivals_value',
  'submitted',
  'submitted_value',
  'sent',
  'sent_value',
  'received',
  'received_value',
  'dropped',
  'dropped_value',
  'external_transfer',
  'sent_rtgs',
  'sent_queue',
  'sent_bilateral',
  'sent_cycle',
  'sent_multilateral',
  'sent_value_rtgs',
  'sent_value_queue',
  'sent_value_bilateral',
  'sent_value_cycle',
  'sent_value_multilateral',
  'cost_overdraft',
  'cost_collateral',
  'cost_delay',
  'cost_split',
  'cost_deadline',
  'cost_eod',
] as const;
export type DayCounter = (typeof DAY_COUNTERS)[number];

/** One closed agent-day (engine.md §8); money in cents. */
export interface AgentDayRecord {
  readonly agent: string;
  readonly day: number;
  readonly opening_balance: number;
  readonly closing_balance: number;
  readonly min_balance: number;
  readonly max_balance: number;
  /** max(0, −min_balance). */
  readonly peak_overdraft: number;
  /** Largest net debit position of the day: max(0, opening − min balance). */
  readonly liquidity_used: number;
  readonly peak_q1_size: number;
  readonly peak_q1_value: number;
  readonly peak_q2_size: number;
  readonly peak_q2_value: number;
  readonly arrivals: number;
  readonly arrivals_value: number;
  readonly submitted: number;
  readonly submitted_value: number;
  readonly sent: number;
  readonly sent_value: number;
  readonly received: number;
  readonly received_value: number;
  readonly dropped: number;
  readonly dropped_value: number;
  readonly external_transfer: number;
  readonly sent_rtgs: number;
  readonly sent_queue: number;
  readonly sent_bilateral: number;
  readonly sent_cycle: number;
  readonly sent_multilateral: number;
  readonly sent_value_rtgs: number;
  readonly sent_value_queue: number;
  readonly sent_value_bilateral: number;
  readonly sent_value_cycle: number;
  readonly sent_value_multilateral: number;
  readonly unsettled_eod: number;
  readonly cost_overdraft: number;
  readonly cost_collateral: number;
  readonly cost_delay: number;
  readonly cost_split: number;
  readonly cost_deadline: number;
  readonly cost_eod: number;
  readonly total_cost: number;
}

export type DayMetrics = Record<DayCounter, Float64Array>;

export function newDayMetrics(numAgents: number): DayMetrics {
  const metrics = {} as Record<DayCounter, Float64Array>;
  for (const key of DAY_COUNTERS) metrics[key] = new Float64Array(numAgents);
  return metrics;
}

export type CostTotals = Record<CostKind, Float64Array>;

export function newCostTotals(numAgents: number): CostTotals {
  const totals = {} as Record<CostKind, Float64Array>;
  for (const kind of COST_KINDS) totals[kind] = new Float64Array(numAgents);
  return totals;
}
