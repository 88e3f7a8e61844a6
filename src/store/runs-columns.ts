// The `runs` table: one row per run, the run's identity and its summary (runner.md §3). Listed
// once here for the DDL, the staging table and the row writer.

import type { CostKind } from '../engine/metrics.js';
import type { RunSummary } from '../engine/results.js';
import type { SettledBy } from '../engine/transaction.js';

export type RunColumnType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'UBIGINT' | 'DOUBLE' | 'TIMESTAMP';

export interface RunColumn {
  readonly name: string;
  readonly type: RunColumnType;
  /** The store migration that added the column (absent: the first); see ColumnSpec.since. */
  readonly since?: number;
}

const c = (name: string, type: RunColumnType, since?: number): RunColumn =>
  since === undefined ? { name, type } : { name, type, since };

/** Identity and bookkeeping columns, present for failed runs too. */
export const RUN_IDENTITY: readonly RunColumn[] = [
  c('run_key', 'VARCHAR'),
  c('experiment_id', 'VARCHAR'),
  c('variant', 'VARCHAR'),
  c('params_json', 'VARCHAR'),
  c('seed', 'UBIGINT'),
  c('status', 'VARCHAR'),
  c('error', 'VARCHAR'),
  c('engine_version', 'VARCHAR'),
  c('config_hash', 'VARCHAR'),
  c('scenario', 'VARCHAR'),
  c('started_at', 'TIMESTAMP'),
  c('wall_ms', 'DOUBLE'),
];

/** Summary columns (RunSummary); NULL for failed runs. */
export const RUN_METRICS: readonly RunColumn[] = [
  c('ticks', 'INTEGER'),
  c('days', 'INTEGER'),
  c('num_agents', 'INTEGER'),
  c('arrivals', 'INTEGER'),
  c('arrived_value', 'BIGINT'),
  c('settled', 'INTEGER'),
  c('settled_value', 'BIGINT'),
  c('dropped', 'INTEGER'),
  c('dropped_value', 'BIGINT'),
  c('unsettled', 'INTEGER'),
  c('unsettled_value', 'BIGINT'),
  c('unsettled_q1', 'INTEGER'),
  c('unsettled_q2', 'INTEGER'),
  c('settlement_rate', 'DOUBLE'),
  c('settlement_rate_value', 'DOUBLE'),
  c('settled_rtgs', 'INTEGER'),
  c('settled_queue', 'INTEGER'),
  c('settled_bilateral', 'INTEGER'),
  c('settled_cycle', 'INTEGER'),
  c('settled_multilateral', 'INTEGER'),
  c('delay_mean', 'DOUBLE'),
  c('delay_p50', 'INTEGER'),
  c('delay_p95', 'INTEGER'),
  c('delay_max', 'INTEGER'),
  c('peak_liquidity_used', 'BIGINT'),
  c('cost_overdraft', 'BIGINT'),
  c('cost_collateral', 'BIGINT'),
  c('cost_delay', 'BIGINT'),
  c('cost_split', 'BIGINT'),
  c('cost_deadline', 'BIGINT'),
  c('cost_eod', 'BIGINT'),
  c('total_cost', 'BIGINT'),
  c('settled_backstop', 'INTEGER', 3),
  c('cost_liquidity', 'BIGINT', 3),
  c('cost_backstop', 'BIGINT', 3),
  // Migration 5: liquidity bounds and the standard liquidity and delay metrics (docs/liquidity.md).
  // Written out, not derived from the mechanism list: a migration never changes once released.
  c('liquidity_upper_bound', 'BIGINT', 5),
  c('liquidity_lower_bound', 'BIGINT', 5),
  c('delay_value_weighted', 'DOUBLE', 5),
  c('delay_indicator', 'DOUBLE', 5),
  c('turnover_liquidity_ratio', 'DOUBLE', 5),
  c('settled_value_rtgs', 'BIGINT', 5),
  c('settled_value_queue', 'BIGINT', 5),
  c('settled_value_bilateral', 'BIGINT', 5),
  c('settled_value_cycle', 'BIGINT', 5),
  c('settled_value_multilateral', 'BIGINT', 5),
  c('settled_value_backstop', 'BIGINT', 5),
  // Migration 9: the central bank's response (docs/engine.md): its cost, exposure (intraday peak,
  // overnight), and what it lent and was repaid.
  c('cost_cb_credit', 'BIGINT', 9),
  c('cb_exposure_peak', 'BIGINT', 9),
  c('cb_exposure_eod', 'BIGINT', 9),
  c('cb_drawn', 'BIGINT', 9),
  c('cb_injected', 'BIGINT', 9),
  c('cb_repaid', 'BIGINT', 9),
];

export const RUN_COLUMNS: readonly RunColumn[] = [...RUN_IDENTITY, ...RUN_METRICS];

/**
 * A run summary as the `runs` metric columns: each column is the summary field of that name,
 * `settled_<mechanism>` a count of `settled_by`, `settled_value_<mechanism>` an entry of
 * `settled_value_by`, `cost_<kind>` an entry of `costs`.
 */
export function summaryColumns(summary: Omit<RunSummary, 'agents'>): Record<string, number | null> {
  const fields = summary as unknown as Record<string, number | null>;
  const out: Record<string, number | null> = {};
  for (const { name } of RUN_METRICS) {
    if (name in fields) out[name] = fields[name]!;
    else if (name.startsWith('settled_value_')) out[name] = summary.settled_value_by[name.slice('settled_value_'.length) as SettledBy];
    else if (name.startsWith('settled_')) out[name] = summary.settled_by[name.slice('settled_'.length) as SettledBy];
    else if (name.startsWith('cost_')) out[name] = summary.costs[name.slice('cost_'.length) as CostKind];
    else throw new Error(`runs column ${name} has no source in the run summary`);
  }
  return out;
}

/** Columns that depend on the wall clock: excluded when comparing stores for equality. */
export const WALL_CLOCK_COLUMNS: readonly string[] = ['started_at', 'wall_ms'];
