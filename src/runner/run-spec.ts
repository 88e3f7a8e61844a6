// What crosses the thread boundary: a run spec in (plain, structured-cloneable data) and a run
// outcome out (plain data plus result columns in one buffer that is transferred, not copied).

import type { RunSummary } from '../engine/results.js';
import type { PaymentFileData } from '../config/payments/load.js';
import type { ReplayOrder } from '../engine/simulation.js';
import type { ColumnTable } from '../store/column-table.js';
import type { ResultTableName } from '../store/columns.js';

/** Which per-run tables to produce (experiment `outputs`). `run_agents` is always produced. */
export interface RunOutputs {
  readonly transactions: boolean;
  readonly agent_days: boolean;
  readonly agent_ticks: boolean;
  readonly events: boolean;
  /** The intraday throughput curve (table `throughput`); absent: no. */
  readonly throughput?: boolean;
}

export const DEFAULT_OUTPUTS: RunOutputs = { transactions: true, agent_days: true, agent_ticks: false, events: false, throughput: false };

/**
 * One run. `scenario_json` is the scenario document — grid point and variant applied, every policy
 * file inlined (`{type: Tree, tree: {...}}`) — as JSON text, so the worker needs no file access:
 * it parses and re-validates the document (`parseScenarioDocument`, baseDir null) once per
 * `scenario_key` and replaces the seed (and the opening balances, when the spec gives them).
 * Text, not an object: a string crosses to a worker as one copy, where a 200-bank document as an
 * object graph costs milliseconds to clone per run.
 */
export interface RunSpec {
  readonly run_key: string;
  readonly experiment_id: string;
  readonly variant: string;
  /** Decimal u64 (replaces simulation.rng_seed). */
  readonly seed: string;
  /** SHA-256 of `scenario`'s canonical JSON: the worker caches the parsed scenario under it. */
  readonly scenario_key: string;
  readonly scenario_json: string;
  /** The scenario file the document came from (for messages only). */
  readonly scenario_file: string;
  readonly outputs: RunOutputs;
  /**
   * The scenario's payment file, read once by the coordinator. Its columns sit on shared memory,
   * so every run spec carries the same bytes without copying them: a worker reads a million
   * orders once, not once per run.
   */
  readonly payments?: PaymentFileData;
  /** Shadow replay: the recorded payment orders to run instead of generated arrivals. */
  readonly replay?: readonly ReplayOrder[];
  /** Stop after this many ticks (a replayed `paysim run --ticks` run); absent: the whole horizon. */
  readonly ticks?: number;
  /**
   * Each agent's opening balance, replacing the document's (a liquidity frontier's runs differ only
   * in these, so they share one document and the worker parses it once per LSM setting).
   */
  readonly opening_balances?: readonly number[];
}

/** The run summary as stored in `runs` (per-agent totals go to the `run_agents` table). */
export type RunSummaryRow = Omit<RunSummary, 'agents'>;

export interface RunOutcome {
  readonly run_key: string;
  readonly status: 'ok' | 'failed';
  /** The error message of a failed run, else null. */
  readonly error: string | null;
  readonly summary: RunSummaryRow | null;
  /** Wall-clock start (ms since the epoch) and duration; informative only, never compared. */
  readonly started_at_ms: number;
  readonly wall_ms: number;
  /** Each produced table's columns (Arrow's layout, store/column-table.ts). */
  readonly tables: Partial<Record<ResultTableName, ColumnTable>>;
}
