// The optimisation's own rows (store migration 6): one per optimisation, one per trial.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { Trial } from './search.js';

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

export async function saveTrial(
  c: DuckDBConnection,
  id: string,
  index: number,
  trial: Trial,
  where: { round: number | null; agent: string | null },
  runsExecuted: number,
): Promise<void> {
  const v = trial.versus;
  await c.run(
    `INSERT OR REPLACE INTO optimization_trials VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      id,
      index,
      where.round,
      where.agent,
      trial.key,
      JSON.stringify(trial.assignment),
      JSON.stringify(trial.seeds),
      JSON.stringify(trial.values),
      finite(trial.mean),
      v?.incumbent ?? null,
      finite(v?.mean_difference),
      finite(v?.ci?.[0]),
      finite(v?.ci?.[1]),
      finite(v?.p_worse),
      trial.status,
      trial.reason,
      trial.evaluations,
      runsExecuted,
    ],
  );
}
