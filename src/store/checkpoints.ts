// Checkpoints in the store (runner.md §3 `checkpoints`): a run's whole engine state at a tick,
// as the engine's JSON document, to resume from later (`paysim run --from-checkpoint`).

import type { DuckDBConnection } from '@duckdb/node-api';

export interface CheckpointRow {
  readonly checkpoint_id: string;
  /** The run the checkpoint belongs to (the key it has, or will have, in `runs`). */
  readonly run_key: string;
  readonly tick: number;
  readonly description: string | null;
  readonly state_json: string;
}

export interface CheckpointInfo {
  readonly checkpoint_id: string;
  readonly run_key: string;
  readonly tick: number;
  readonly description: string | null;
  readonly created_at: string;
  readonly size_bytes: number;
}

/** Stores checkpoints in one transaction; an id stored before is replaced. */
export async function saveCheckpoints(c: DuckDBConnection, rows: readonly CheckpointRow[]): Promise<void> {
  if (rows.length === 0) return;
  await c.run('BEGIN TRANSACTION');
  try {
    for (const row of rows) {
      await c.run('DELETE FROM checkpoints WHERE checkpoint_id = $1', [row.checkpoint_id]);
      await c.run('INSERT INTO checkpoints VALUES ($1, $2, $3, $4, now()::TIMESTAMP, $5)', [
        row.checkpoint_id,
        row.run_key,
        row.tick,
        row.description,
        row.state_json,
      ]);
    }
    await c.run('COMMIT');
  } catch (error) {
    await c.run('ROLLBACK');
    throw error;
  }
}

export async function listCheckpoints(c: DuckDBConnection, runKeyPrefix?: string): Promise<CheckpointInfo[]> {
  const reader = await c.runAndReadAll(
    `SELECT checkpoint_id, run_key, tick, description, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_at,
            octet_length(encode(state_json)) AS size_bytes
     FROM checkpoints WHERE $1 = '' OR starts_with(run_key, $1) ORDER BY run_key, tick`,
    [runKeyPrefix ?? ''],
  );
  return reader.getRowObjectsJS().map((r) => ({
    checkpoint_id: String(r['checkpoint_id']),
    run_key: String(r['run_key']),
    tick: Number(r['tick']),
    description: r['description'] === null ? null : String(r['description']),
    created_at: String(r['created_at']),
    size_bytes: Number(r['size_bytes']),
  }));
}

/** The checkpoint's state document, or null when there is no such id. */
export async function loadCheckpointState(c: DuckDBConnection, checkpointId: string): Promise<string | null> {
  const reader = await c.runAndReadAll('SELECT state_json FROM checkpoints WHERE checkpoint_id = $1', [checkpointId]);
  const rows = reader.getRowsJS();
  return rows.length === 0 ? null : String(rows[0]![0]);
}

/** Returns whether a checkpoint was deleted. */
export async function deleteCheckpoint(c: DuckDBConnection, checkpointId: string): Promise<boolean> {
  const reader = await c.runAndReadAll('DELETE FROM checkpoints WHERE checkpoint_id = $1 RETURNING checkpoint_id', [checkpointId]);
  return reader.getRowsJS().length > 0;
}

/** A checkpoint's id: the first 12 characters of its run key and the tick it was taken at. */
export function checkpointId(runKey: string, tick: number): string {
  return `${runKey.slice(0, 12)}@${tick}`;
}
