// A small store of swept experiments for the experiment routes and the viewer's Experiments view:
// `api-grid` (Fifo against hold-until-deadline on realistic_demo, credit ×0.5 and ×1, 3 seeds,
// compare defaults in the file; revision 2 adds credit ×2) and `api-plain` (no grid, no compare
// section, 2 seeds). 20 runs in all, a few seconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExperimentDocument } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { runSweep } from '../../src/runner/sweep.js';

// Relative paths in the documents resolve against this file's folder, as in the report fixtures.
const FILE = 'test/analysis/fixtures/api-experiments.yaml';
const HOLD = { type: 'Tree', file: 'hold_until_deadline.json' };

function grid(scales: number[]): Record<string, unknown> {
  return {
    name: 'api-grid',
    description: 'Fifo against hold-until-deadline, two credit levels',
    scenario: '../../../scenarios/realistic_demo.yaml',
    seeds: { from: 1, count: 3 },
    vary: { 'agents[*].credit_limit': { scale: scales } },
    variants: { baseline: {}, hold: { BANK_A: HOLD, BANK_B: HOLD, BANK_C: HOLD, BANK_D: HOLD } },
    outputs: { transactions: true },
    compare: { baseline: 'baseline', metrics: ['total_cost', 'cost_delay'] },
  };
}

const PLAIN = {
  name: 'api-plain',
  scenario: '../../../scenarios/realistic_demo.yaml',
  seeds: { from: 1, count: 2 },
  variants: { fifo: {}, hold: { BANK_A: HOLD, BANK_B: HOLD } },
};

async function sweep(doc: unknown, db: string, newRevision = false): Promise<void> {
  const report = await runSweep(planExperiment(parseExperimentDocument(doc, FILE)), { db, workers: 1, newRevision });
  if (report.failed.length !== 0 || report.ok === 0) throw new Error(`fixture sweep: ${JSON.stringify(report)}`);
}

/** The store file (in a new temp folder). */
export async function experimentStore(): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'paysim-experiments-')), 'store.duckdb');
  await sweep(grid([0.5, 1]), db);
  await sweep(grid([0.5, 1, 2]), db, true);
  await sweep(PLAIN, db);
  return db;
}
