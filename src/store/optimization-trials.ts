// An optimisation's own rows (store migration 6, docs/optimize.md): one per optimisation, one per
// trial. The SQL lives here, in the store; optimize/ hands plain rows.

import type { DuckDBConnection } from '@duckdb/node-api';

export interface OptimizationRow {
  readonly optimization_id: string;
  readonly experiment_id: string;
  readonly mode: string;
  readonly method: string;
  readonly objective: string;
  readonly spec_json: string;
}

/** Starts (or restarts) an optimisation: its trial rows are written afresh as the search replays. */
export async function beginOptimization(c: DuckDBConnection, row: OptimizationRow): Promise<void> {
  await c.run('DELETE FROM optimization_trials WHERE optimization_id = $1', [row.optimization_id]);
  await c.run(
    `INSERT INTO optimizations VALUES ($1, $2, 1, $3, $4, $5, $6, 'running', NULL, now()::TIMESTAMP, NULL)
     ON CONFLICT (optimization_id) DO UPDATE SET status = 'running', result_json = NULL, started_at = excluded.started_at, finished_at = NULL`,
    [row.optimization_id, row.experiment_id, row.mode, row.method, row.objective, row.spec_json],
  );
}

/** Ends it: its status, result, and the experiment revision its runs went to. */
export async function finishOptimization(c: DuckDBConnection, id: string, status: string, result: unknown, revision: number): Promise<void> {
  await c.run(`UPDATE optimizations SET status = $2, result_json = $3, revision = $4, finished_at = now()::TIMESTAMP WHERE optimization_id = $1`, [
    id,
    status,
    JSON.stringify(result),
    revision,
  ]);
}

const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** One trial as stored (`optimization_trials`). */
export interface TrialRow {
  readonly index: number;
  readonly round: number | null;
  readonly agent: string | null;
  /** The trial's variant name (its key). */
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seeds: readonly string[];
  readonly values: readonly number[];
  readonly mean: number;
  /** Versus the incumbent, when it was compared with one. */
  readonly incumbent: string | null;
  readonly mean_difference: number | null;
  readonly ci: readonly [number, number] | null;
  readonly p_worse: number | null;
  readonly status: string;
  readonly reason: string;
  readonly evaluations: number;
  readonly runs_executed: number;
}

export async function saveTrial(c: DuckDBConnection, id: string, row: TrialRow): Promise<void> {
  await c.run(
    `INSERT OR REPLACE INTO optimization_trials VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      id,
      row.index,
      row.round,
      row.agent,
      row.variant,
      JSON.stringify(row.params),
      JSON.stringify(row.seeds),
      JSON.stringify(row.values),
      finite(row.mean),
      row.incumbent,
      finite(row.mean_difference),
      finite(row.ci?.[0]),
      finite(row.ci?.[1]),
      finite(row.p_worse),
      row.status,
      row.reason,
      row.evaluations,
      row.runs_executed,
    ],
  );
}
