// The same loading with the real policy module (no mock): built-ins, tree files and their errors.

import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { baseDoc, issueLines } from './helpers.js';

const NAMES = ['minimal', 'high_stress_gridlock', 'realistic_demo', '18_agent_3_policy_simulation', 'large_scale_200_agents'];

describe('reference scenarios with the real policy resolution', () => {
  for (const name of NAMES) {
    it(`${name}.yaml`, () => {
      const loaded = loadScenarioFile(`/work/shared/spec/scenarios/${name}.yaml`);
      expect(loaded.policies).toHaveLength(loaded.config.agents.length);
      for (const policy of loaded.policies) expect(policy.hash).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('different policies give different config hashes', () => {
    const a = loadScenarioFile('/work/shared/spec/scenarios/18_agent_3_policy_simulation.yaml');
    const names = new Set(a.policies.map((p) => p.hash));
    expect(names.size).toBeGreaterThan(1);
  });
});

describe('policy problems join the scenario problems', () => {
  it('a bad built-in parameter and a schema error, together', () => {
    const doc = baseDoc();
    doc.agents[0]!['credit_limit'] = -1;
    doc.agents[1]!['policy'] = { type: 'Deadline', urgency_treshold: 3 };
    // The second line's wording is the policy module's own.
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[0].credit_limit: -1 is out of range (expected an integer number of cents ≥ 0)',
      'test.yaml: agents[1].policy.urgency_treshold: unknown key (expected one of type, urgency_threshold, on_counterparty_failure)',
    ]);
  });
});
