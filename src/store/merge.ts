// `paysim merge`: combines shard stores into one (runner.md §2). Runs collapse by run_key: a run
// already in the target stays, except that an `ok` copy replaces a `failed` one. Each source is
// merged in one transaction, so an interrupted merge leaves whole runs only. Optimisations collapse
// by id the same way: one the target has stays, except that a finished copy replaces an unfinished
// one, and its trials and proposals always come with it (never one optimisation's trials from two stores).

import type { DuckDBConnection } from '@duckdb/node-api';
import { SCHEMA_VERSION } from './schema.js';
import { StoreOpenError } from './open.js';
import { RUN_TABLES } from './writer.js';

export interface MergeCounts {
  readonly source: string;
  /** Runs copied (new, or replacing a failed copy). */
  readonly runs: number;
  /** Runs the target already had. */
  readonly duplicates: number;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The source's optimisations the target lacks, or has unfinished where the source finished them. */
async function mergeOptimizations(target: DuckDBConnection): Promise<void> {
  await target.run(`CREATE OR REPLACE TEMP TABLE _incoming_optimizations AS
    SELECT s.optimization_id FROM src.optimizations s LEFT JOIN optimizations t USING (optimization_id)
    WHERE t.optimization_id IS NULL OR (t.status <> 'finished' AND s.status = 'finished')`);
  for (const table of ['optimization_trials', 'optimization_proposals', 'optimizations']) {
    await target.run(`DELETE FROM ${table} WHERE optimization_id IN (SELECT optimization_id FROM _incoming_optimizations)`);
  }
  for (const table of ['optimizations', 'optimization_trials', 'optimization_proposals']) {
    await target.run(`INSERT INTO ${table} SELECT * FROM src.${table} WHERE optimization_id IN (SELECT optimization_id FROM _incoming_optimizations)`);
  }
  // Proposed trees are content-addressed: any store's copy is the same tree.
  await target.run('INSERT OR IGNORE INTO optimization_trees SELECT * FROM src.optimization_trees');
}

export async function mergeInto(target: DuckDBConnection, source: string): Promise<MergeCounts> {
  await target.run(`ATTACH ${sqlString(source)} AS src (READ_ONLY)`);
  try {
    const version = await target.runAndReadAll('SELECT coalesce(max(version), 0) FROM src.schema_version');
    const found = Number(version.getRowsJS()[0]![0]);
    if (found !== SCHEMA_VERSION) {
      throw new StoreOpenError(`${source}: store schema ${found}, expected ${SCHEMA_VERSION} (open it with this paysim first)`);
    }
    await target.run('BEGIN TRANSACTION');
    try {
      await target.run(`CREATE OR REPLACE TEMP TABLE _incoming AS
        SELECT s.run_key FROM src.runs s LEFT JOIN runs r USING (run_key)
        WHERE r.run_key IS NULL OR (r.status <> 'ok' AND s.status = 'ok')`);
      const counts = await target.runAndReadAll(
        'SELECT (SELECT count(*) FROM _incoming), (SELECT count(*) FROM src.runs) - (SELECT count(*) FROM _incoming)',
      );
      const [runs, duplicates] = counts.getRowsJS()[0]!.map(Number) as [number, number];
      await target.run(`INSERT INTO experiments SELECT * FROM src.experiments
        WHERE experiment_id NOT IN (SELECT experiment_id FROM experiments)`);
      await target.run(`INSERT INTO experiment_revisions SELECT * FROM src.experiment_revisions s
        WHERE NOT EXISTS (SELECT 1 FROM experiment_revisions t WHERE t.experiment_id = s.experiment_id AND t.revision = s.revision)`);
      await target.run('INSERT OR IGNORE INTO policies SELECT * FROM src.policies');
      await target.run('INSERT OR IGNORE INTO scenario_documents SELECT * FROM src.scenario_documents');
      if (runs > 0) {
        for (const table of RUN_TABLES) {
          await target.run(`DELETE FROM ${table} WHERE run_key IN (SELECT run_key FROM _incoming)`);
          await target.run(`INSERT INTO ${table} SELECT * FROM src.${table} WHERE run_key IN (SELECT run_key FROM _incoming)`);
        }
      }
      await target.run(`INSERT INTO checkpoints SELECT * FROM src.checkpoints
        WHERE checkpoint_id NOT IN (SELECT checkpoint_id FROM checkpoints)`);
      await mergeOptimizations(target);
      await target.run('COMMIT');
      return { source, runs, duplicates };
    } catch (error) {
      await target.run('ROLLBACK');
      throw error;
    }
  } finally {
    await target.run('DETACH src');
  }
}
