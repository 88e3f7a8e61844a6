// A store swept from test/analysis/fixtures/fifo-vs-hold.yaml (60 runs: 3 variants × 2 credit
// scales × 10 seeds) in a temp folder, for the compare / replay / report command tests; and a
// read-only query helper. (The CLI in-process is test/helpers/cli.ts.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { runSweep } from '../../src/runner/sweep.js';

export const EXPERIMENT_FILE = 'test/analysis/fixtures/fifo-vs-hold.yaml';
export const HOLD_POLICY = 'test/analysis/fixtures/hold_until_deadline.json';

export async function sweptStore(prefix: string): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), prefix)), 'store.duckdb');
  const report = await runSweep(planExperiment(loadExperimentFile(EXPERIMENT_FILE)), { db, workers: 1 });
  if (report.ok !== 60 || report.failed.length !== 0) throw new Error(`fixture sweep: ${JSON.stringify(report)}`);
  return db;
}

export async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    const reader = await c.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
