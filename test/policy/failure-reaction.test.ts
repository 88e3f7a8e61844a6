// on_counterparty_failure (docs/policies.md, "Reacting to a failed participant") and the
// counterparty and flow fields.
import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/policy/builtins.js';
import { resolvePolicySpec } from '../../src/policy/resolve.js';
import { validatePolicyDocument } from '../../src/policy/validate.js';
import { agent, decisionsFor, payment, q1Of, viewOf, type FakeState } from './fake-state.js';
import { resolveOk, SCENARIO_CONTEXT } from './policies.js';

function decide(spec: unknown, s: FakeState): string[] {
  const { q1, txs } = q1Of(s, 0);
  const out = decisionsFor(q1.length);
  resolveOk(spec).compile().decidePayments(viewOf(s), 0, q1, txs, out, false);
  return out.map((d) => `${d.action}${d.reason === null ? '' : ` ${d.reason}`}`);
}

// A with 1 000 000; payments to B (index 1, failed and announced) and to C (index 2).
const state = (failed: number[]): FakeState => ({
  tick: 5,
  ticksPerDay: 100,
  agents: [
    agent('A', 1_000_000, 0, { q1: [payment(100, 50, { receiver: 1 }), payment(200, 50, { receiver: 2 })] }),
    agent('B', 0),
    agent('C', 0),
  ],
  q2: [],
  failed,
});

describe('on_counterparty_failure', () => {
  it.each(BUILTIN_POLICIES.map((b) => [b.type] as const))('%s: hold keeps the payment to the announced failure, decides the rest as before', (type) => {
    expect(decide({ type, on_counterparty_failure: 'hold' }, state([1]))).toEqual(['Hold counterparty_failed', ...decide({ type }, state([1])).slice(1)]);
    expect(decide({ type, on_counterparty_failure: 'hold' }, state([]))).toEqual(decide({ type }, state([])));
  });

  it('release (or absent) leaves the policy and its hash exactly as they were; hold gives a valid document with a new hash', () => {
    const plain = resolveOk({ type: 'LiquidityAware' });
    expect(resolveOk({ type: 'LiquidityAware', on_counterparty_failure: 'release' }).hash).toBe(plain.hash);
    const held = resolveOk({ type: 'LiquidityAware', on_counterparty_failure: 'hold' });
    expect(held.hash).not.toBe(plain.hash);
    expect(validatePolicyDocument(held.document, 'held.json')).toEqual([]);
  });

  it('a tree without a payment tree: the guard holds payments to the failure and releases the rest', () => {
    const spec = { type: 'Tree', tree: { version: '1.0', policy_id: 'none', payment_tree: null }, on_counterparty_failure: 'hold' };
    expect(decide(spec, state([1]))).toEqual(['Hold counterparty_failed', 'Release']);
    expect(validatePolicyDocument(resolveOk(spec).document, 'x.json')).toEqual([]);
  });

  it('node ids already in the tree are not reused', () => {
    const tree = {
      version: '1.0',
      policy_id: 'clash',
      payment_tree: { type: 'action', node_id: 'counterparty_failure_guard', action: 'Release' },
    };
    const resolved = resolveOk({ type: 'Tree', tree, on_counterparty_failure: 'hold' });
    expect(validatePolicyDocument(resolved.document, 'x.json')).toEqual([]);
    expect((resolved.document as { payment_tree: { node_id: string } }).payment_tree.node_id).toBe('counterparty_failure_guard_2');
  });

  it('an unknown reaction is an error naming the choices', () => {
    const r = resolvePolicySpec({ type: 'Fifo', on_counterparty_failure: 'panic' }, SCENARIO_CONTEXT);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'agents[3].policy.on_counterparty_failure: must be one of "hold", "release"',
    ]);
  });
});

describe('flow fields', () => {
  it('a policy reading a flow field gets a window: flow_window_ticks, default 10; others none', () => {
    const reads = (extra: Record<string, number> = {}) => ({
      type: 'Tree',
      tree: {
        version: '1.0',
        policy_id: 'flows',
        parameters: extra,
        payment_tree: {
          type: 'condition',
          node_id: 'N',
          condition: { op: '>', left: { field: 'recent_inflow' }, right: { value: 0 } },
          on_true: { type: 'action', node_id: 'GO', action: 'Release' },
          on_false: { type: 'action', node_id: 'WAIT', action: 'Hold' },
        },
      },
    });
    expect(resolveOk(reads()).compile().flowWindowTicks).toBe(10);
    expect(resolveOk({ ...reads(), parameters: { flow_window_ticks: 3 } }).compile().flowWindowTicks).toBe(3);
    expect(resolveOk({ type: 'Fifo' }).compile().flowWindowTicks).toBeNull();
    const bad = resolvePolicySpec({ ...reads(), parameters: { flow_window_ticks: 0 } }, SCENARIO_CONTEXT);
    expect(bad.ok).toBe(false);
  });
});
