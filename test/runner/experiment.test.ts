// runner.md §2: bad experiment files are reported before any run starts, naming the file and the
// path inside it; the CLI exits 2 and creates no store.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/input/issues.js';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

const SCENARIO = join(process.cwd(), 'scenarios/realistic_demo.yaml');

function problems(yaml: string): string[] {
  const file = join(tempDir('paysim-exp-'), 'x.yaml');
  writeFileSync(file, yaml);
  try {
    planExperiment(loadExperimentFile(file));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.map((i) => `${i.file === file ? 'x.yaml' : i.file}: ${i.path}: ${i.message}`);
  }
  return [];
}

describe('experiment files are checked whole before anything runs', () => {
  it('an unknown vary path names the vary key and the unknown key', async () => {
    expect(problems(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  lsm_config.enabeld: [true]\n`)).toEqual([
      'x.yaml: vary."lsm_config.enabeld": with true: lsm_config.enabeld: unknown key (expected one of enabled, bilateral_offsetting, cycle_detection, max_cycle_length, max_cycles_per_tick, max_cycle_search_steps, max_iterations, algorithm, schedule)',
    ]);
  });
  it('a value of the wrong type names the vary key, the value and what was expected', async () => {
    const out = problems(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  "agents[*].credit_limit": [100, "abc"]\n`);
    expect(out[0]).toBe(
      `x.yaml: vary."agents[*].credit_limit": with "abc": agents[0].credit_limit: got the string 'abc' (expected an integer number of cents ≥ 0)`,
    );
    expect(out).toHaveLength(4); // one per agent of realistic_demo
  });
  it('a selector that matches nothing, a path that is not a path', async () => {
    expect(problems(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  "agents[BANK_X].credit_limit": [1]\n  "bad path!": [1]\n`)).toEqual([
      "x.yaml: vary.\"bad path!\": 'bad path!' is not a path segment (expected key or key[selector], e.g. lsm_config.enabled, agents[*].credit_limit, agents[BANK_A].credit_limit)",
    ]);
    expect(problems(`name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvary:\n  "agents[BANK_X].credit_limit": [1]\n`)).toEqual([
      `x.yaml: vary."agents[BANK_X].credit_limit": no item of agents has id 'BANK_X' (ids: BANK_A, BANK_B, BANK_C, BANK_D)`,
    ]);
  });
  it('a missing scenario, zero seeds and a bad vary value, all in one report', async () => {
    expect(problems('name: x\nscenario: nope.yaml\nseeds: {from: 1, count: 0}\nvary:\n  lsm_config.enabled: []\n')).toEqual([
      expect.stringMatching(/^x\.yaml: scenario: scenario file not found: .*nope\.yaml$/),
      'x.yaml: seeds.count: 0 is out of range (expected an integer in 1..1000000)',
      'x.yaml: vary."lsm_config.enabled": a list of 0 items (expected a non-empty list of values, or {scale: [factors]})',
    ]);
  });
  it('variants: an unknown agent, a missing policy file', async () => {
    const out = problems(
      `name: x\nscenario: ${SCENARIO}\nseeds: [1]\nvariants:\n  v: {BANK_Q: {type: Fifo}, BANK_A: {type: Tree, file: missing.json}}\n`,
    );
    expect(out).toEqual([
      expect.stringMatching(/^x\.yaml: variants\.v\.BANK_A\.file: cannot read policy file .*missing\.json: no such file$/),
      "x.yaml: variants.v.BANK_Q: no agent 'BANK_Q' in the scenario (agents: BANK_A, BANK_B, BANK_C, BANK_D)",
    ]);
  });
  it('expansion: seeds × grid × variants, each grid point recorded in params', async () => {
    const plan = planExperiment(loadExperimentFile('experiments/credit-limit-sweep.yaml'));
    expect(plan.runs).toHaveLength(30 * 5);
    expect(plan.runs[0]!.identity.params).toEqual({ 'agents[*].credit_limit': { scale: 0.25 } });
    expect(new Set(plan.runs.map((r) => r.identity.run_key)).size).toBe(150);
    const variants = planExperiment(loadExperimentFile('experiments/policy-variants.yaml'));
    expect(new Set(variants.runs.map((r) => r.identity.variant))).toEqual(new Set(['baseline', 'deadline', 'liquidity_aware']));
    // Paired by seed: every variant runs every seed.
    expect(variants.runs.filter((r) => r.identity.seed === '1')).toHaveLength(3);
  });
});

describe('paysim sweep with a bad experiment', () => {
  it('exits 2 with file and path, starts no run and creates no store', async () => {
    const dir = tempDir('paysim-exp-');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `name: x\nscenario: ${SCENARIO}\nseeds: {from: 1, count: 0}\nvary:\n  "agents[*].credit_limitt": {scale: [2]}\n`);
    const db = join(dir, 'never.duckdb');
    const r = await cli(['sweep', file, '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}: seeds.count: 0 is out of range`);
    expect(existsSync(db)).toBe(false);
  });
});
