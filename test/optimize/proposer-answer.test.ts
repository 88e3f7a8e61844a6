// A proposer's answer (protocol 1) checked against the space and the policy DSL before it runs:
// every problem with its path inside the answer; what is left out keeps the incumbent's value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkAnswer, problemText } from '../../src/optimize/proposer/validate.js';
import { constraintLabel } from '../../src/optimize/config.js';
import type { Parameter } from '../../src/optimize/space.js';

const space: Parameter[] = [
  { name: 'credit', type: 'integer', low: 0, high: 100, values: [], levels: null },
  { name: 'share', type: 'real', low: 0, high: 1, values: [], levels: null },
  { name: 'policy', type: 'choice', low: 0, high: 0, values: ['fifo', { kind: 'hold' }], levels: null },
];
const ctx = { space, treeAgents: ['BANK_A'], base: { credit: 50, share: 0.5, policy: 'fifo' } };
const tree = JSON.parse(readFileSync('scenarios/policies/fifo.json', 'utf8')) as Record<string, unknown>;

const problems = (answer: unknown): string => {
  const a = checkAnswer(answer, ctx);
  return a.kind === 'invalid' ? problemText(a.problems, 10) : `(${a.kind})`;
};

describe('a proposer answer', () => {
  it('fills what it leaves out with the incumbent’s values', () => {
    expect(checkAnswer({ protocol: 1, parameters: { credit: 80 }, rationale: 'more' }, ctx)).toEqual({
      kind: 'candidate',
      rationale: 'more',
      parameters: { credit: 80, share: 0.5, policy: 'fifo' },
      trees: {},
    });
    expect(checkAnswer({ protocol: 1, parameters: { policy: { kind: 'hold' } } }, ctx)).toMatchObject({ kind: 'candidate', rationale: null });
    expect(checkAnswer({ protocol: 1, policies: { BANK_A: tree } }, ctx)).toMatchObject({ kind: 'candidate', trees: { BANK_A: tree }, parameters: ctx.base });
    expect(checkAnswer({ protocol: 1, done: true, rationale: 'enough' }, ctx)).toEqual({ kind: 'done', rationale: 'enough' });
  });

  it.each([
    [{ protocol: 2, parameters: { credit: 1 } }, 'protocol: expected 1, got 2'],
    [{ parameters: { credit: 1 } }, 'protocol: expected 1, got nothing'],
    [{ protocol: 1 }, 'expected parameters, policies (or both), or done: true'],
    [{ protocol: 1, parameter: { credit: 1 } }, 'parameter: unknown key (expected: protocol, parameters, policies, rationale, done); expected parameters, policies (or both), or done: true'],
    [{ protocol: 1, parameters: { credit: 101 } }, 'parameters.credit: 101 is outside the bounds [0, 100]'],
    [{ protocol: 1, parameters: { credit: 1.5 } }, 'parameters.credit: expected a whole number, got 1.5'],
    [{ protocol: 1, parameters: { share: '0.3' } }, 'parameters.share: expected a finite number, got "0.3"'],
    [{ protocol: 1, parameters: { policy: 'lifo' } }, 'parameters.policy: "lifo" is not one of the values ["fifo",{"kind":"hold"}]'],
    [{ protocol: 1, parameters: { speed: 3 } }, 'parameters.speed: unknown parameter (parameters: credit, share, policy)'],
    [{ protocol: 1, parameters: [1] }, 'parameters: expected an object of parameter name → value, got an array'],
    [{ protocol: 1, policies: { BANK_B: tree } }, 'policies.BANK_B: a proposal may replace the policy of BANK_A only'],
    [{ protocol: 1, done: true, parameters: { credit: 1 } }, 'done: a done answer proposes nothing: leave parameters and policies out'],
    [{ protocol: 1, parameters: { credit: 1 }, rationale: 7 }, 'rationale: expected a string, got number 7'],
    ['credit 7', 'expected a JSON object, got string "credit 7"'],
  ])('refuses %j: %s', (answer, message) => {
    expect(problems(answer)).toBe(message);
  });

  it('checks a tree with the policy DSL’s validator, paths inside the answer', () => {
    const bad = structuredClone(tree) as { payment_tree: Record<string, unknown> };
    bad.payment_tree['action'] = 'Teleport';
    expect(problems({ protocol: 1, policies: { BANK_A: bad } })).toMatch(/^policies\.BANK_A\.payment_tree\.action: .*Teleport/);
  });
});

describe('constraints in the request, in words', () => {
  it('names the agent of a per-agent constraint and leaves a system constraint without one', () => {
    expect(constraintLabel({ metric: 'settlement_rate_value', agent: 'BANK_A', min: 0.95, max: null })).toBe('settlement_rate_value of BANK_A ≥ 0.95');
    expect(constraintLabel({ metric: 'total_cost', agent: null, min: 10, max: 20 })).toBe('total_cost ≥ 10 and total_cost ≤ 20');
  });
});
