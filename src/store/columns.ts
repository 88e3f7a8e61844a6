// The per-run result tables as column lists: the single description that the worker's Arrow
// encoder, the store's staging tables and the store's DDL all follow, so the three cannot drift.

import { AGENT_DAY_FIELDS } from '../engine/metrics.js';
import { DROP_REASONS, SETTLED_BY, TX_ORIGINS, TX_STATUSES } from '../engine/vocabulary.js';

/**
 * How a column travels from worker to store (the worker sends Arrow; the store copies buffers):
 * - `i32`, `i64`, `f64`: fixed-width numbers, copied buffer to buffer;
 * - `bool`: one byte per row (0/1), copied into a BOOLEAN vector;
 * - `dict`: open-ended short text (agent ids): Arrow dictionary-coded, VARCHAR in the store;
 * - `enum`: a closed vocabulary of the engine (status, settled_by, …): Arrow dictionary-coded,
 *   a DuckDB ENUM in the store (one byte per row; reads and compares as text in any client);
 * - `utf8`: free text (event payloads), assigned row by row.
 */
export type ColumnKind = 'i32' | 'i64' | 'f64' | 'bool' | 'dict' | 'enum' | 'utf8';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** For `enum` columns: the SQL type name and its values, in order. */
  readonly enumType?: EnumType;
  /**
   * The store migration that added the column (absent: the first). Tables are created with the
   * columns of migration 1 and later ones are appended by their migration, so a table's column
   * order — which the staging tables and the appenders follow — is the order listed here.
   */
  readonly since?: number;
}

export interface EnumType {
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * The engine's closed vocabularies (src/engine/vocabulary.ts), as the store's ENUM types. A new
 * value in the engine needs a migration that widens the type (store/schema.ts).
 */
export const ENUM_TYPES = {
  tx_status: { name: 'tx_status', values: TX_STATUSES },
  tx_settled_by: { name: 'tx_settled_by', values: SETTLED_BY },
  tx_origin: { name: 'tx_origin', values: TX_ORIGINS },
  tx_drop_reason: { name: 'tx_drop_reason', values: DROP_REASONS },
} as const satisfies Record<string, EnumType>;

export type ResultTableName = 'transactions' | 'agent_days' | 'agent_ticks' | 'events' | 'run_agents' | 'throughput';

export interface ResultTableSpec {
  readonly name: ResultTableName;
  /** The store migration that created the table (absent: the first); its columns are all of that migration. */
  readonly since?: number;
  /** Columns after `run_key` (which every result table starts with). */
  readonly columns: readonly ColumnSpec[];
}

const col = (name: string, kind: ColumnKind, nullable = false, since?: number): ColumnSpec =>
  since === undefined ? { name, kind, nullable } : { name, kind, nullable, since };
const enumCol = (name: string, enumType: EnumType, nullable = false): ColumnSpec => ({ name, kind: 'enum', nullable, enumType });

export const TRANSACTIONS: ResultTableSpec = {
  name: 'transactions',
  columns: [
    col('tx_id', 'i32'),
    col('parent_id', 'i32', true),
    col('sender', 'dict'),
    col('receiver', 'dict'),
    col('amount', 'i64'),
    col('remaining', 'i64'),
    col('priority', 'i32'),
    col('divisible', 'bool'),
    enumCol('origin', ENUM_TYPES.tx_origin),
    col('arrival_tick', 'i32'),
    col('deadline_tick', 'i32'),
    col('submitted_tick', 'i32', true),
    col('settled_tick', 'i32', true),
    enumCol('status', ENUM_TYPES.tx_status),
    enumCol('settled_by', ENUM_TYPES.tx_settled_by, true),
    enumCol('drop_reason', ENUM_TYPES.tx_drop_reason, true),
    col('delay', 'i32', true),
    col('delay_cost', 'i64'),
    col('deadline_penalty', 'i64'),
    col('eod_penalty', 'i64'),
    col('split_friction', 'i64'),
    col('backstop_cost', 'i64', false, 3),
  ],
};

/** Counts are INTEGER; everything else but `day` is money (BIGINT cents). */
const AGENT_DAY_COUNTS = new Set([
  'peak_q1_size',
  'peak_q2_size',
  'arrivals',
  'submitted',
  'sent',
  'received',
  'dropped',
  'sent_rtgs',
  'sent_queue',
  'sent_bilateral',
  'sent_cycle',
  'sent_multilateral',
  'unsettled_eod',
  'sent_backstop',
]);

/** Agent-day fields added after migration 1, with the migration that added them. */
const AGENT_DAY_SINCE: Readonly<Record<string, number>> = {
  opening_transfer: 3,
  sent_backstop: 3,
  sent_value_backstop: 3,
  cost_liquidity: 3,
  cost_backstop: 3,
  unsettled_eod_value: 5,
  net_order_outflow: 5,
  liquidity_upper_bound: 5,
  liquidity_lower_bound: 5,
  cost_cb_credit: 9,
  cb_drawn: 9,
  cb_injected: 9,
  cb_repaid: 9,
  cb_exposure_peak: 9,
  cb_exposure_eod: 9,
};


export const AGENT_DAYS: ResultTableSpec = {
  name: 'agent_days',
  columns: [
    col('agent', 'dict'),
    col('day', 'i32'),
    // Migration 5's columns are NULL in rows stored before them (0 would be a wrong bound, not a
    // missing one); migration 3's and 9's are 0 there, which is what those runs had (no backstop,
    // no central-bank credit).
    ...AGENT_DAY_FIELDS.map((name) =>
      col(name, AGENT_DAY_COUNTS.has(name) ? 'i32' : 'i64', AGENT_DAY_SINCE[name] === 5, AGENT_DAY_SINCE[name]),
    ),
  ],
};

export const AGENT_TICKS: ResultTableSpec = {
  name: 'agent_ticks',
  columns: [col('agent', 'dict'), col('tick', 'i32'), col('balance', 'i64'), col('q1_size', 'i32'), col('q2_size', 'i32')],
};

export const EVENTS: ResultTableSpec = {
  name: 'events',
  columns: [
    col('tick', 'i32'),
    col('seq', 'i64'),
    col('type', 'dict'),
    col('agent', 'dict', true),
    col('tx_id', 'i32', true),
    col('payload_json', 'utf8'),
  ],
};

/** Each agent's end-of-run position and costs (RunSummary.agents); always stored. */
export const RUN_AGENTS: ResultTableSpec = {
  name: 'run_agents',
  columns: [
    col('agent', 'dict'),
    col('balance', 'i64'),
    col('credit_limit', 'i64'),
    col('posted_collateral', 'i64'),
    col('cost_overdraft', 'i64'),
    col('cost_collateral', 'i64'),
    col('cost_delay', 'i64'),
    col('cost_split', 'i64'),
    col('cost_deadline', 'i64'),
    col('cost_eod', 'i64'),
    col('total_cost', 'i64'),
    col('cost_liquidity', 'i64', false, 3),
    col('cost_backstop', 'i64', false, 3),
    // The central bank's response (docs/engine.md): its cost and the agent's exposure, largest over days.
    col('cost_cb_credit', 'i64', false, 9),
    col('cb_exposure_peak', 'i64', false, 9),
    col('cb_exposure_eod', 'i64', false, 9),
  ],
};

/**
 * The intraday throughput curve (optional, `outputs.throughput`): per day and tick of the day, the
 * cumulative value of the day's payment orders that had arrived and that had settled by the end of
 * that tick (engine/throughput.ts).
 */
export const THROUGHPUT: ResultTableSpec = {
  name: 'throughput',
  since: 5,
  columns: [col('day', 'i32'), col('tick', 'i32'), col('arrived_value', 'i64'), col('settled_value', 'i64'), col('settled_share', 'f64', true)],
};

export const RESULT_TABLES: readonly ResultTableSpec[] = [TRANSACTIONS, AGENT_DAYS, AGENT_TICKS, EVENTS, RUN_AGENTS, THROUGHPUT];

/** The SQL type a column has in the store. */
export function sqlType(column: ColumnSpec): string {
  switch (column.kind) {
    case 'i32':
      return 'INTEGER';
    case 'i64':
      return 'BIGINT';
    case 'f64':
      return 'DOUBLE';
    case 'bool':
      return 'BOOLEAN';
    case 'enum':
      return column.enumType!.name;
    case 'dict':
    case 'utf8':
      return 'VARCHAR';
  }
}
