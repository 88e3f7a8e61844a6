// Per-agent accumulators: costs (never reset) and the open day's metrics (engine.md §7, §8).

import type { SettledBy } from './transaction.js';

export const COST_KINDS = ['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const MECHANISMS: readonly SettledBy[] = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral'];

/**
 * The columns of an agent-day row after `agent` and `day`, in output order (engine.md §8; money in
 * cents). Besides the day counters: `peak_overdraft` = max(0, −min_balance), `liquidity_used` =
 * max(0, opening − min_balance), the largest net debit position of the day, and `unsettled_eod`.
 * The liquidity bounds (`net_order_outflow`, `liquidity_upper_bound`, `liquidity_lower_bound`) are
 * kept by liquidity-bounds.ts from the day's payment orders.
 */
export const AGENT_DAY_FIELDS = [
  'opening_balance',
  'closing_balance',
  'min_balance',
  'max_balance',
  'peak_overdraft',
  'liquidity_used',
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
  'unsettled_eod',
  'cost_overdraft',
  'cost_collateral',
  'cost_delay',
  'cost_split',
  'cost_deadline',
  'cost_eod',
  'total_cost',
  // Added in store schema 3 (columns are only ever appended: the store adds them at the end).
  'unsettled_eod_value',
  'net_order_outflow',
  'liquidity_upper_bound',
  'liquidity_lower_bound',
] as const;
export type AgentDayField = (typeof AGENT_DAY_FIELDS)[number];

/** Agent-day columns computed when the row is written; every other one is a counter kept during the day. */
const DERIVED_DAY_FIELDS = [
  'opening_balance',
  'closing_balance',
  'peak_overdraft',
  'liquidity_used',
  'unsettled_eod',
  'unsettled_eod_value',
  'liquidity_lower_bound',
  'total_cost',
] as const;
export type DayCounter = Exclude<AgentDayField, (typeof DERIVED_DAY_FIELDS)[number]>;

/** Metrics of one agent-day that are accumulated during the day. */
export const DAY_COUNTERS: readonly DayCounter[] = AGENT_DAY_FIELDS.filter(
  (field): field is DayCounter => !(DERIVED_DAY_FIELDS as readonly string[]).includes(field),
);

/** One agent-day (engine.md §8). */
export type AgentDayRecord = { readonly agent: string; readonly day: number } & { readonly [K in AgentDayField]: number };

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
