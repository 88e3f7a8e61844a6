// Per-agent accumulators: costs (never reset) and the open day's metrics (engine.md §7, §8).

import { COST_KINDS, type CostKind, SETTLED_BY, type SettledBy } from './vocabulary.js';

export { COST_KINDS, type CostKind } from './vocabulary.js';

/** Settlement mechanisms, in reporting order: the `settled_by` vocabulary itself. */
export const MECHANISMS: readonly SettledBy[] = SETTLED_BY;

/**
 * The columns of an agent-day row after `agent` and `day`, in output order (engine.md §8; money in
 * cents). Besides the day counters: `peak_overdraft` = max(0, −min_balance), `liquidity_used` =
 * max(0, opening − min_balance), the largest net debit position of the day, and `unsettled_eod`.
 * `opening_transfer` is the money booked from outside as the day opened (daily reset, liquidity
 * pool; engine.md §9b), which is why opening_balance may differ from the previous closing_balance.
 * The liquidity bounds (`net_order_outflow`, `liquidity_upper_bound`, `liquidity_lower_bound`) are
 * kept by liquidity-bounds.ts from the day's payment orders; `unsettled_eod_value` is the value
 * behind `unsettled_eod`.
 *
 * The order is also the store's column order, and a store migration can only append columns: a
 * new field goes at the end (the type check below makes sure every mechanism and cost kind has
 * its columns).
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
  // Added with settlement designs and liquidity games (store migration 3).
  'opening_transfer',
  'sent_backstop',
  'sent_value_backstop',
  'cost_liquidity',
  'cost_backstop',
  // Added with liquidity analytics (store migration 5; docs/liquidity.md).
  'unsettled_eod_value',
  'net_order_outflow',
  'liquidity_upper_bound',
  'liquidity_lower_bound',
  // Added with the central bank's response (store migration 9; docs/engine.md): the facility's
  // cost; drawn, injected and repaid today; the agent's exposure at its peak and after repayment.
  'cost_cb_credit',
  'cb_drawn',
  'cb_injected',
  'cb_repaid',
  'cb_exposure_peak',
  'cb_exposure_eod',
] as const;
export type AgentDayField = (typeof AGENT_DAY_FIELDS)[number];

type VocabularyFields = `sent_${SettledBy}` | `sent_value_${SettledBy}` | `cost_${CostKind}`;
/** Compile-time check: every mechanism and cost kind has its agent-day columns. */
const everyVocabularyField: Exclude<VocabularyFields, AgentDayField> extends never ? true : never = true;
void everyVocabularyField;

/** The day counters a settlement by each mechanism increments: count and value. */
export const SENT_BY: Readonly<Record<SettledBy, { readonly count: DayCounter; readonly value: DayCounter }>> =
  Object.fromEntries(SETTLED_BY.map((m) => [m, { count: `sent_${m}`, value: `sent_value_${m}` }])) as Record<
    SettledBy,
    { count: DayCounter; value: DayCounter }
  >;

/** The day counter of each cost kind. */
export const DAY_COST: Readonly<Record<CostKind, DayCounter>> = Object.fromEntries(
  COST_KINDS.map((k) => [k, `cost_${k}`]),
) as Record<CostKind, DayCounter>;

/** Σ of an agent's costs over every kind, from any per-kind lookup. */
export function totalOverKinds(cost: (kind: CostKind) => number): number {
  let total = 0;
  for (const kind of COST_KINDS) total += cost(kind);
  return total;
}

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
  'cb_exposure_peak',
  'cb_exposure_eod',
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
