// A frontier's run specs carry one document per LSM setting and each run's opening balances beside
// it (the worker parses the document once); the run must be the very run of the document it is
// stored under, with those balances written in.
import { describe, expect, it } from 'vitest';
import { FrontierPlanner } from '../../src/runner/liquidity/frontier-plan.js';
import { executeRun } from '../../src/runner/execute.js';

describe('FrontierPlanner run specs', () => {
  it('balances beside the shared document run as the stored document with the balances in it', () => {
    const planner = new FrontierPlanner({
      scenarioFile: 'scenarios/high_stress_gridlock.yaml',
      experiment: 'test',
      seeds: ['1', '2'],
      alphas: [0, 0.35, 1],
      credit: 'zero',
      lsm: ['off', 'multilateral'],
      throughput: false,
    });
    const planned = [...planner.plan('off', [0, 0.35, 1]), ...planner.plan('multilateral', [0.35])];
    // One document per LSM setting goes to the workers.
    expect(new Set(planned.map((p) => p.run.spec.scenario_key)).size).toBe(2);
    for (const { run, point } of planned) {
      expect(run.spec.opening_balances!.reduce((s, x) => s + x, 0)).toBe(point.liquidity);
      const stored = planner.scenarios.get(run.identity.scenario_sha256!)!;
      const agents = (JSON.parse(stored.document_json) as { agents: Array<{ opening_balance: number }> }).agents;
      expect(agents.map((a) => a.opening_balance)).toEqual(run.spec.opening_balances);
      const { opening_balances: _balances, ...whole } = run.spec;
      const fromDocument = executeRun({ ...whole, scenario_key: stored.scenario_sha256, scenario_json: stored.document_json });
      const withBalances = executeRun(run.spec);
      expect(withBalances.status).toBe('ok');
      expect(withBalances.summary).toEqual(fromDocument.summary);
      expect(withBalances.tables).toEqual(fromDocument.tables);
    }
  });
});
