// A sweep over a scenario with a payment file: the coordinator reads the file once and every run
// spec carries the same shared memory (no copy per run); the stored runs equal runs in-process.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { runScenario, withOverrides } from '../../src/runner/single-run.js';
import { runSweep } from '../../src/runner/sweep.js';
import { queryFile, tempDir } from '../store/helpers.js';

const EXPERIMENT = 'test/runner/fixtures/payment-file.yaml';

describe('a sweep with a payment file', () => {
  it('hands every run the same shared columns, read once', () => {
    const plan = planExperiment(loadExperimentFile(EXPERIMENT));
    expect(plan.runs).toHaveLength(4);
    const first = plan.runs[0]!.spec.payments!;
    expect(first.amount.buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const run of plan.runs) expect(run.spec.payments).toBe(first);
    // Structured cloning (what crosses to a worker) shares the memory instead of copying it.
    const cloned = structuredClone(plan.runs[1]!.spec);
    const original = first.amount[0]!;
    cloned.payments!.amount[0] = original + 1;
    expect(first.amount[0]).toBe(original + 1);
    cloned.payments!.amount[0] = original;
    expect(cloned.scenario_json).not.toContain('BANK_A,BANK_B');
  });

  it('stores what the same runs give in-process', async () => {
    const db = join(tempDir(), 'p.duckdb');
    const report = await runSweep(planExperiment(loadExperimentFile(EXPERIMENT)), { db, workers: 1 });
    expect([report.ok, report.failed.length]).toEqual([4, 0]);
    const rows = await queryFile(db, `SELECT seed, params_json, settled, settled_value, arrivals FROM runs ORDER BY seed, params_json`);
    const base = loadScenarioFile('scenarios/payment_file_demo.yaml');
    const expected = ['1', '2'].flatMap((seed) =>
      [false, true].map((enabled) => {
        const loaded = withOverrides({ ...base, config: { ...base.config, lsm_config: { ...base.config.lsm_config, enabled } } }, { seed });
        const s = runScenario(loaded).result.summary;
        return [seed, s.settled, s.settled_value, s.arrivals];
      }),
    );
    expect(rows.map((r) => [String(r['seed']), r['settled'], r['settled_value'], r['arrivals']])).toEqual(expected);
  });
});
