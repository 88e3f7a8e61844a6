// Experiment revisions (`experiment_revisions`, docs/store.md): each revision's record of what it
// was run with, as JSON. The record's meaning is the runner's (runner/experiment-record.ts).

import type { DuckDBConnection } from '@duckdb/node-api';
import { upsertExperiment } from './writer.js';

export interface StoredRevision {
  readonly revision: number;
  /** Null for revisions stored before records existed (store schema < 3). */
  readonly record_json: string | null;
}

/** The latest revision of an experiment, or null when it has none. */
export async function latestRevision(c: DuckDBConnection, experimentId: string): Promise<StoredRevision | null> {
  const reader = await c.runAndReadAll(
    'SELECT revision, record_json FROM experiment_revisions WHERE experiment_id = $1 ORDER BY revision DESC LIMIT 1',
    [experimentId],
  );
  const row = reader.getRowsJS()[0];
  if (row === undefined) return null;
  return { revision: Number(row[0]), record_json: row[1] === null ? null : String(row[1]) };
}

/** Writes (or replaces) a revision's record. */
export async function saveRevision(c: DuckDBConnection, experimentId: string, revision: number, recordJson: string, recordSha256: string): Promise<void> {
  await c.run(
    `INSERT INTO experiment_revisions VALUES ($1, $2, $3, $4, now()::TIMESTAMP)
     ON CONFLICT (experiment_id, revision) DO UPDATE SET record_json = excluded.record_json, record_sha256 = excluded.record_sha256`,
    [experimentId, revision, recordJson, recordSha256],
  );
}

/** What an experiment is stored as (`experiments`): its name, the question and its spec. */
export interface ExperimentEntry {
  readonly name: string;
  readonly description: string | null;
  readonly spec_json: string | null;
  readonly spec_sha256: string | null;
}

/** A revision's record (`experiment_revisions`): the JSON of what it was run with, and its hash. */
export interface RevisionEntry {
  readonly revision: number;
  readonly record_json: string;
  readonly record_sha256: string;
}

/**
 * Opens an experiment for its runs: the revision's record first (when the writer keeps one), then
 * the experiment itself. Every writer of runs (sweep, optimize, a study, `paysim run`) comes here
 * before storing them, so an experiment is opened one way.
 */
export async function openExperiment(c: DuckDBConnection, experiment: ExperimentEntry, revision: RevisionEntry | null): Promise<void> {
  if (revision !== null) await saveRevision(c, experiment.name, revision.revision, revision.record_json, revision.record_sha256);
  await upsertExperiment(c, { experiment_id: experiment.name, ...experiment });
}
