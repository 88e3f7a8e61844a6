// Agents' policies go through the policy module; its issues join the scenario's.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { baseDoc, issueLines } from './helpers.js';
import { calls, rejectPolicies } from './policy-mock.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

beforeEach(() => {
  calls.length = 0;
  rejectPolicies.clear();
});

describe('agents[i].policy', () => {
  it('one resolved policy per agent, in configuration order, with the scenario context', () => {
    const doc = baseDoc();
    doc.agents[1]!['policy'] = { type: 'Deadline', urgency_threshold: 3 };
    const loaded = parseScenarioDocument(doc, { file: 'x/s.yaml', baseDir: 'x' });
    expect(loaded.policies.map((p) => p.name)).toEqual(['Fifo', 'Deadline']);
    expect(calls.map((c) => c.context)).toEqual([
      { file: 'x/s.yaml', baseDir: 'x', path: 'agents[0].policy' },
      { file: 'x/s.yaml', baseDir: 'x', path: 'agents[1].policy' },
    ]);
    expect(calls[1]?.spec).toEqual({ type: 'Deadline', urgency_threshold: 3 });
  });

  it("the policy module's issues are reported with the scenario's", () => {
    rejectPolicies.set('agents[1].policy', [
      { file: 'test.yaml', path: 'agents[1].policy.urgency_treshold', message: 'unknown key (expected one of type, urgency_threshold)', code: 'schema' },
    ]);
    const doc = baseDoc();
    doc.agents[0]!['credit_limit'] = -1;
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[0].credit_limit: -1 is out of range (expected an integer number of cents ≥ 0)',
      'test.yaml: agents[1].policy.urgency_treshold: unknown key (expected one of type, urgency_threshold)',
    ]);
  });

  it('an unknown policy type is reported once, by the schema, and not passed on', () => {
    const doc = baseDoc();
    doc.agents[1]!['policy'] = { type: 'Fifoo' };
    expect(issueLines(doc)).toEqual([
      "test.yaml: agents[1].policy.type: 'Fifoo' is not a known type (expected one of Fifo, Deadline, LiquidityAware, LiquiditySplitting, Tree)",
    ]);
    expect(calls.map((c) => c.context.path)).toEqual(['agents[0].policy']);
  });

  it('a missing policy', () => {
    const doc = baseDoc();
    delete doc.agents[1]!['policy'];
    expect(issueLines(doc)).toEqual([
      "test.yaml: agents[1].policy: missing required key (expected a mapping with type one of Fifo, Deadline, LiquidityAware, LiquiditySplitting, Tree)",
    ]);
  });
});
