// policy-dsl.md §11, the acceptance examples that need no engine: 1–4, 7–9, 11, 12 (and the
// decision halves of 6 and 10). Numbers are the spec's.

import { describe, expect, it } from 'vitest';
import { PolicyRunError } from '../../src/policy/decision.js';
import { resolvePolicySpec } from '../../src/policy/resolve.js';
import { validatePolicyDocument } from '../../src/policy/validate.js';
import { evalExpression, evalValue } from './evaluate.js';
import { agent, decisionsFor, payment, q1Of, stdState, viewOf, type FakeState } from './fake-state.js';
import { compileDocument, compileSpec, resolveOk, SCENARIO_CONTEXT } from './policies.js';

const f = (field: string) => ({ field });
const v = (value: number | boolean) => ({ value });
const p = (param: string) => ({ param });
const compute = (c: Record<string, unknown>) => ({ compute: c });

function std() {
  const s = stdState();
  return { s, view: viewOf(s), tx: s.agents[0]!.q1[0]! };
}

describe('§11.1 fields (std)', () => {
  it.each([
    ['available_liquidity', 700_000],
    ['liquidity_pressure', 0.2857142857142857],
    ['headroom', 600_000],
    ['queue1_liquidity_gap', 0],
    ['ticks_to_deadline', 40],
    ['queue_age', 10],
    ['queue2_nearest_deadline', 2 ** 64],
    ['ticks_to_nearest_queue2_deadline', Infinity],
    ['ticks_remaining_in_day', 89],
    ['day_progress_fraction', 0.1],
  ])('%s = %d', (field, expected) => {
    const { view, tx } = std();
    expect(evalValue(f(field), view, 0, tx)).toBe(expected);
  });

  it.each([
    ['credit_used', 50_000],
    ['is_using_credit', 1],
    ['available_liquidity', 150_000],
    ['liquidity_pressure', 1],
    ['headroom', 50_000],
  ])('with B = −50 000: %s = %d', (field, expected) => {
    const { s, tx } = std();
    s.agents[0]!.balance = -50_000;
    expect(evalValue(f(field), viewOf(s), 0, tx)).toBe(expected);
  });

  it('every other field of §4 on the std state', () => {
    const { view, tx } = std();
    const expected: Record<string, number> = {
      amount: 100_000, remaining_amount: 100_000, settled_amount: 0, arrival_tick: 0, deadline_tick: 50,
      priority: 5, is_divisible: 0, is_split: 0, is_past_deadline: 0, balance: 500_000,
      credit_limit: 200_000, posted_collateral: 0, credit_used: 0, is_using_credit: 0,
      outgoing_queue_size: 1, queue1_total_value: 100_000, max_collateral_capacity: 2_000_000,
      remaining_collateral_capacity: 2_000_000, collateral_utilization: 0, queue2_count_for_agent: 0,
      queue2_value_for_agent: 0, incoming_queue2_value: 0, current_tick: 10, total_agents: 2,
      rtgs_queue_size: 0, queue2_size: 0, rtgs_queue_value: 0, ticks_per_day: 100, current_day: 0,
      tick_in_day: 10, cost_overdraft_bps_per_tick: 10, cost_collateral_bps_per_tick: 2,
      cost_delay_per_tick_per_cent: 0.0001, cost_deadline_penalty: 50_000, cost_eod_penalty: 10_000,
      cost_split_friction: 1_000,
    };
    for (const [field, value] of Object.entries(expected)) {
      expect([field, evalValue(f(field), view, 0, tx)]).toEqual([field, value]);
    }
  });
});

describe('§11.2 values (std, threshold = 100 000)', () => {
  const params = { threshold: 100_000 };
  const nan = compute({ op: '-', left: f('ticks_to_nearest_queue2_deadline'), right: f('ticks_to_nearest_queue2_deadline') });
  it.each([
    ['(balance + credit_limit) / 2', compute({ op: '/', left: compute({ op: '+', left: f('balance'), right: f('credit_limit') }), right: v(2) }), 350_000],
    ['floor(amount / 3)', compute({ op: 'floor', value: compute({ op: '/', left: f('amount'), right: v(3) }) }), 33_333],
    ['round(−2.5)', compute({ op: 'round', value: v(-2.5) }), -3],
    ['round(2.5)', compute({ op: 'round', value: v(2.5) }), 3],
    ['round(0.49999999999999994)', compute({ op: 'round', value: v(0.49999999999999994) }), 0],
    ['clamp(amount, 0, threshold / 2)', compute({ op: 'clamp', value: f('amount'), min: v(0), max: compute({ op: '/', left: p('threshold'), right: v(2) }) }), 50_000],
    ['div0(amount, queue2_count_for_agent, −1)', compute({ op: 'div0', numerator: f('amount'), denominator: f('queue2_count_for_agent'), default: v(-1) }), -1],
    ['true', v(true), 1],
    ['max(NaN, 3)', compute({ op: 'max', values: [nan, v(3)] }), 3],
    ['min(NaN)', compute({ op: 'min', values: [nan] }), Infinity],
    ['clamp(NaN, 4, 9)', compute({ op: 'clamp', value: nan, min: v(4), max: v(9) }), 4],
  ])('%s → %d', (_, value, expected) => {
    const { view, tx } = std();
    expect(evalValue(value, view, 0, tx, params)).toBe(expected);
  });

  it('x = ∞ − ∞ is NaN', () => {
    const { view, tx } = std();
    expect(evalValue(nan, view, 0, tx)).toBeNaN();
  });
});

describe('§11.3 comparisons (std)', () => {
  const cmp = (op: string, left: unknown, right: unknown) => ({ op, left, right });
  const ttq = f('ticks_to_nearest_queue2_deadline');
  const nan = compute({ op: '-', left: ttq, right: ttq });
  const sum = compute({ op: '+', left: v(0.1), right: v(0.2) });
  const d = compute({ op: '/', left: f('amount'), right: f('settled_amount') });
  it.each([
    ['balance == 500000.0000000001 (1.2e-10 apart)', cmp('==', f('balance'), v(500000.0000000001)), true],
    ['0.1 + 0.2 == 0.3', cmp('==', sum, v(0.3)), true],
    ['0.1 + 0.2 > 0.3', cmp('>', sum, v(0.3)), true],
    ['∞ == ∞', cmp('==', ttq, ttq), false],
    ['∞ <= ∞', cmp('<=', ttq, ttq), true],
    ['NaN != 3', cmp('!=', nan, v(3)), false],
    ['balance < 0 and d > 1 (d not evaluated)', { op: 'and', conditions: [cmp('<', f('balance'), v(0)), cmp('>', d, v(1))] }, false],
    ['balance > 0 or d > 1 (d not evaluated)', { op: 'or', conditions: [cmp('>', f('balance'), v(0)), cmp('>', d, v(1))] }, true],
    ['not (balance > 0)', { op: 'not', condition: cmp('>', f('balance'), v(0)) }, false],
  ])('%s → %s', (_, expression, expected) => {
    const { view, tx } = std();
    expect(evalExpression(expression, view, 0, tx)).toBe(expected);
  });

  it('balance > 0 and d > 1 → run error division_by_zero (A, tick 10, payment_tree, N1)', () => {
    const { s, view } = std();
    const policy = compileDocument({
      version: '1.0',
      policy_id: 'div',
      payment_tree: {
        type: 'condition', node_id: 'N1',
        condition: { op: 'and', conditions: [cmp('>', f('balance'), v(0)), cmp('>', d, v(1))] },
        on_true: { type: 'action', node_id: 'A1', action: 'Release' },
        on_false: { type: 'action', node_id: 'A2', action: 'Hold' },
      },
    });
    const { q1, txs } = q1Of(s, 0);
    let error: unknown = null;
    try {
      policy.decidePayments(view, 0, q1, txs, decisionsFor(1), false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyRunError);
    const e = error as PolicyRunError;
    expect([e.code, e.agent, e.tick, e.tree, e.nodeId]).toEqual(['division_by_zero', 'A', 10, 'payment_tree', 'N1']);
  });
});

describe('§11.4 Q2 fields (tick 5, Q2 = [A→B 30 000 due 12, A→C 20 000 due 8, B→A 45 000 due 20])', () => {
  const s: FakeState = {
    tick: 5,
    ticksPerDay: 100,
    agents: [agent('A', 0), agent('B', 0), agent('C', 0)],
    q2: [
      { sender: 0, receiver: 1, remaining: 30_000, deadline: 12 },
      { sender: 0, receiver: 2, remaining: 20_000, deadline: 8 },
      { sender: 1, receiver: 0, remaining: 45_000, deadline: 20 },
    ],
  };
  const fields = ['queue2_count_for_agent', 'queue2_value_for_agent', 'queue2_nearest_deadline', 'ticks_to_nearest_queue2_deadline', 'incoming_queue2_value'];
  const read = (i: number, field: string) => evalValue(f(field), viewOf(s), i, payment(1, 10));
  it('for A: 2, 50 000, 8, 3, 45 000', () => {
    expect(fields.map((x) => read(0, x))).toEqual([2, 50_000, 8, 3, 45_000]);
  });
  it('for C: 0, 0, 2^64, +∞, 20 000', () => {
    expect(fields.map((x) => read(2, x))).toEqual([0, 0, 2 ** 64, Infinity, 20_000]);
  });
  it('for all: rtgs_queue_size = queue2_size = 3, rtgs_queue_value 95 000', () => {
    for (const i of [0, 1, 2]) {
      expect([read(i, 'rtgs_queue_size'), read(i, 'queue2_size'), read(i, 'rtgs_queue_value')]).toEqual([3, 3, 95_000]);
    }
  });
});

/** Decides agent 0's Q1 with `spec` and returns (action, node, numSplits, reason) per payment. */
function decide(spec: unknown, s: FakeState, trace = false) {
  const policy = compileSpec(spec);
  const { q1, txs } = q1Of(s, 0);
  const out = decisionsFor(q1.length);
  policy.decidePayments(viewOf(s), 0, q1, txs, out, trace);
  return out.map((d) => ({ action: d.action, node: d.nodeId, n: d.numSplits, reason: d.reason, path: d.path }));
}

function oneAgent(tick: number, balance: number, creditLimit: number, q1: ReturnType<typeof payment>[]): FakeState {
  return { tick, ticksPerDay: 100, agents: [agent('A', balance, creditLimit, { q1 }), agent('B', 0)], q2: [] };
}

describe('§11.6 Deadline (5), decisions at tick 0 with B = 1 000 000', () => {
  const deadline = { type: 'Deadline', urgency_threshold: 5 };
  it('due at 3 → A2 Release, path N1(false) → N2(true) → A2', () => {
    expect(decide(deadline, oneAgent(0, 1_000_000, 0, [payment(100_000, 3)]), true)).toMatchObject([
      { action: 'Release', node: 'A2', path: 'N1(false) → N2(true) → A2' },
    ]);
  });
  it('due at 20 → A3 Hold NearDeadline until tick 14, A2 Release at 15', () => {
    const tx = payment(100_000, 20);
    expect(decide(deadline, oneAgent(14, 1_000_000, 0, [tx]))).toMatchObject([{ action: 'Hold', node: 'A3', reason: 'NearDeadline' }]);
    expect(decide(deadline, oneAgent(15, 1_000_000, 0, [tx]))).toMatchObject([{ action: 'Release', node: 'A2' }]);
  });
  it('threshold 0: held at tick 19, released at its deadline tick 20 (ticks_to_deadline 0 ≤ 0), dropped by A1 only past it', () => {
    // Issue 23: the reference's N1 (deadline_tick <= current_tick) dropped it at tick 20, where it can still settle.
    const zero = { type: 'Deadline', urgency_threshold: 0 };
    const tx = payment(100_000, 20);
    expect(decide(zero, oneAgent(19, 1_000_000, 0, [tx]))).toMatchObject([{ action: 'Hold', node: 'A3' }]);
    expect(decide(zero, oneAgent(20, 1_000_000, 0, [tx]))).toMatchObject([{ action: 'Release', node: 'A2' }]);
    expect(decide(zero, oneAgent(21, 1_000_000, 0, [tx]))).toMatchObject([{ action: 'Drop', node: 'A1' }]);
  });
  it('without tracing no path is built', () => {
    expect(decide(deadline, oneAgent(0, 1_000_000, 0, [payment(100_000, 3)]))[0]!.path).toBeNull();
  });
});

describe('§11.7 LiquidityAware (100 000, 5), B = 300 000', () => {
  const spec = { type: 'LiquidityAware', target_buffer: 100_000, urgency_threshold: 5 };
  const X = payment(250_000, 100);
  const Y = payment(150_000, 100);
  it('tick 0, X 250 000 due 100 → N6 (50 000 < 100 000) → A6 Hold', () => {
    expect(decide(spec, oneAgent(0, 300_000, 0, [X]), true)).toMatchObject([
      { action: 'Hold', node: 'A6', reason: 'InsufficientLiquidity', path: 'N1(false) → N2(false) → N4(false) → N6(true) → A6' },
    ]);
  });
  it.each([0, 1_000_000])('tick 1, Q1 = [X, Y], C = %d: X → A6, Y → A7 Release (150 000 ≥ 100 000)', (credit) => {
    expect(decide(spec, oneAgent(1, 300_000, credit, [X, Y]))).toMatchObject([
      { action: 'Hold', node: 'A6' },
      { action: 'Release', node: 'A7' },
    ]);
  });
  it('250 000 due 4 at tick 0 → N3 → A2 Release', () => {
    expect(decide(spec, oneAgent(0, 300_000, 0, [payment(250_000, 4)]))).toMatchObject([{ action: 'Release', node: 'A2' }]);
  });
  it('buffer 0, B = 200 000, C = 100 000: X → N5 (300 000 ≥ 250 000) → A4 Release', () => {
    const zero = { type: 'LiquidityAware', target_buffer: 0, urgency_threshold: 5 };
    expect(decide(zero, oneAgent(0, 200_000, 100_000, [X]))).toMatchObject([{ action: 'Release', node: 'A4' }]);
  });
});

describe('§11.8 LiquiditySplitting (4, 10 000), tick 0', () => {
  const spec = { type: 'LiquiditySplitting', max_splits: 4, min_split_amount: 10_000 };
  it.each([
    ['B = 50 000, 100 000 due 20 → A7 Split 2', 50_000, 0, payment(100_000, 20), { action: 'Split', node: 'A7', n: 2 }],
    ['B = 80 000, 100 000 due 2 → A3, n = min(4, 10) = 4', 80_000, 0, payment(100_000, 2), { action: 'Split', node: 'A3', n: 4 }],
    ['B = 10 000, 30 000 due 2 → A3, n = min(4, 3) = 3', 10_000, 0, payment(30_000, 2), { action: 'Split', node: 'A3', n: 3 }],
    ['B = 10 000, 19 999 due 2 → N7 → A8 Release whole', 10_000, 0, payment(19_999, 2), { action: 'Release', node: 'A8' }],
    ['B = 0, C = 500 000, 30 000 due 2 → A4 Hold', 0, 500_000, payment(30_000, 2), { action: 'Hold', node: 'A4', reason: 'InsufficientLiquidity' }],
  ])('%s', (_, balance, credit, tx, expected) => {
    expect(decide(spec, oneAgent(0, balance, credit, [tx]))).toMatchObject([expected]);
  });
  it('min_split_amount 0, B = 10 000, 30 000 due 2 → n = 4', () => {
    const zero = { type: 'LiquiditySplitting', max_splits: 4, min_split_amount: 0 };
    expect(decide(zero, oneAgent(0, 10_000, 0, [payment(30_000, 2)]))).toMatchObject([{ action: 'Split', node: 'A3', n: 4 }]);
  });
  it("the reference's tree (test fixture) still splits 19 999 into max_splits", () => {
    const spec = { type: 'Tree', file: '../test/fixtures/policies/reference_liquidity_splitting.json' };
    expect(decide(spec, oneAgent(0, 10_000, 0, [payment(19_999, 2)]))).toMatchObject([{ action: 'Split', node: 'A3', n: 4 }]);
  });
});

describe('§11.9 split decisions', () => {
  const splitBy = (num_splits: unknown) => ({
    type: 'Tree',
    tree: {
      version: '1.0',
      policy_id: 'split',
      payment_tree: { type: 'action', node_id: 'S1', action: 'Split', parameters: { num_splits } },
    },
  });
  it('literal 4 → Split 4', () => {
    expect(decide(splitBy(v(4)), oneAgent(0, 0, 0, [payment(100_001, 9)]))).toMatchObject([{ action: 'Split', n: 4 }]);
  });
  it('a computed 2.9 splits in two', () => {
    const n = compute({ op: '+', left: v(2), right: v(0.9) });
    expect(decide(splitBy(n), oneAgent(0, 0, 0, [payment(100_001, 9)]))).toMatchObject([{ action: 'Split', n: 2 }]);
  });
  it('a computed 1.99 → run error invalid_num_splits (A, tick 3, payment_tree, S1)', () => {
    const n = compute({ op: '-', left: v(2), right: v(0.01) });
    let error: unknown = null;
    try {
      decide(splitBy(n), oneAgent(3, 0, 0, [payment(100_001, 9)]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyRunError);
    const e = error as PolicyRunError;
    expect([e.code, e.agent, e.tick, e.tree, e.nodeId]).toEqual(['invalid_num_splits', 'A', 3, 'payment_tree', 'S1']);
  });
  it('PaceAndRelease is a Split; +∞ converts to 2^53 − 1 and fails', () => {
    const pace = splitBy(v(2));
    (pace.tree.payment_tree as { action: string }).action = 'PaceAndRelease';
    expect(decide(pace, oneAgent(0, 0, 0, [payment(10, 9)]))).toMatchObject([{ action: 'Split', n: 2 }]);
    expect(() => decide(splitBy(f('ticks_to_nearest_queue2_deadline')), oneAgent(0, 0, 0, [payment(10, 9)]))).toThrow(/9007199254740991/);
  });
});

describe('§11.10 collateral decisions (C = 10 000, K = 100 000)', () => {
  const postGap = (amount: unknown) => ({
    type: 'Tree',
    tree: {
      version: '1.0',
      policy_id: 'post',
      strategic_collateral_tree: {
        type: 'condition', node_id: 'C1',
        condition: { op: '>', left: f('queue1_liquidity_gap'), right: v(0) },
        on_true: { type: 'action', node_id: 'C2', action: 'PostCollateral', parameters: { amount } },
        on_false: { type: 'action', node_id: 'C3', action: 'HoldCollateral' },
      },
    },
  });
  const state = () => oneAgent(0, 40_000, 10_000, [payment(60_000, 100)]);
  const decideCollateral = (spec: unknown, s: FakeState, layer: 'strategic' | 'end_of_tick' = 'strategic') =>
    compileSpec(spec).decideCollateral(layer, viewOf(s), 0, false);
  it('B = 40 000, Q1 = [60 000]: gap 10 000 → PostCollateral 10 000', () => {
    expect(decideCollateral(postGap(f('queue1_liquidity_gap')), state())).toMatchObject({ action: 'PostCollateral', amount: 10_000, nodeId: 'C2' });
  });
  it.each([
    [0.9, 0],
    [-5, -5],
  ])('a computed %d converts to %d (the engine does nothing at ≤ 0)', (x, expected) => {
    const amount = compute({ op: '+', left: v(x), right: v(0) });
    expect(decideCollateral(postGap(amount), state())?.amount).toBe(expected);
  });
  it('a computed NaN converts to 0', () => {
    const ttq = f('ticks_to_nearest_queue2_deadline');
    expect(decideCollateral(postGap(compute({ op: '-', left: ttq, right: ttq })), state())?.amount).toBe(0);
  });
  it('no tree for the layer → null', () => {
    expect(decideCollateral(postGap(v(1)), state(), 'end_of_tick')).toBeNull();
  });
  it('end_of_tick_cleanup.json: P = 30 000, queues empty → EOT3 withdraws 30 000; with P = 0 it asks for 0', () => {
    const spec = { type: 'Tree', file: 'policies/end_of_tick_cleanup.json' };
    const s = oneAgent(0, 100_000, 10_000, []);
    s.agents[0]!.posted = 30_000;
    expect(decideCollateral(spec, s, 'end_of_tick')).toMatchObject({ action: 'WithdrawCollateral', amount: 30_000, nodeId: 'EOT3', reason: 'EndOfDayCleanup' });
    s.agents[0]!.posted = 0;
    expect(decideCollateral(spec, s, 'end_of_tick')).toMatchObject({ action: 'WithdrawCollateral', amount: 0 });
    expect(compileSpec(spec).hasPaymentTree).toBe(false);
  });
});

describe('§11.11 validation: exactly these 7 errors, in this order', () => {
  it('reports file, path, code and node id of each', () => {
    const doc = {
      version: '1.0', policy_id: 'bad',
      payment_tree: {
        type: 'condition', node_id: 'N1',
        condition: { op: '>', left: { field: 'balanse' }, right: { compute: { op: '/', left: { param: 'floor' }, right: { value: 0 } } } },
        on_true: { type: 'action', node_id: 'A1', action: 'Split', parameters: { num_splits: { value: 1 } } },
        on_false: { type: 'action', node_id: 'A1', action: 'PostCollateral' },
      },
      end_of_tick_collateral_tree: { type: 'action', node_id: 'E1', action: 'PostCollateral', parameters: { amount: { field: 'amount' } } },
    };
    const issues = validatePolicyDocument(doc, 'bad.json');
    expect(issues.map((i) => [i.file, i.path, i.code, i.node_id])).toEqual([
      ['bad.json', 'end_of_tick_collateral_tree.parameters.amount.field', 'field_not_in_tree', 'E1'],
      ['bad.json', 'payment_tree.condition.left.field', 'unknown_field', 'N1'],
      ['bad.json', 'payment_tree.condition.right.compute.left.param', 'unknown_param', 'N1'],
      ['bad.json', 'payment_tree.condition.right.compute.right', 'zero_divisor', 'N1'],
      ['bad.json', 'payment_tree.on_false.action', 'schema', 'A1'],
      ['bad.json', 'payment_tree.on_false.node_id', 'duplicate_node_id', 'A1'],
      ['bad.json', 'payment_tree.on_true.parameters.num_splits.value', 'schema', 'A1'],
    ]);
    expect(issues[0]!.message).toContain('amount');
    expect(issues[1]!.message).toContain('balanse');
    expect(issues[2]!.message).toContain('floor');
    expect(issues[4]!.message).toContain('PostCollateral is not a payment-tree action'.replace('PostCollateral', '"PostCollateral"'));
    expect(issues[5]!.message).toContain('A1');
    expect(issues[6]!.message).toBe('must be ≥ 2');
  });
});

describe('§11.12 overrides and identity', () => {
  it('{Tree, file: policies/deadline.json, parameters: {urgency_threshold: 10}} and {Deadline, 10}: one hash', () => {
    const tree = resolveOk({ type: 'Tree', file: 'policies/deadline.json', parameters: { urgency_threshold: 10 } });
    const builtin = resolveOk({ type: 'Deadline', urgency_threshold: 10 });
    expect(tree.hash).toBe(builtin.hash);
    expect(tree.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveOk({ type: 'Deadline', urgency_threshold: 5 }).hash).not.toBe(builtin.hash);
  });

  it.each([
    ['Fifo', {}, 'fifo'],
    ['Deadline', {}, 'deadline'],
    ['LiquidityAware', { target_buffer: 7, urgency_threshold: 3 }, 'liquidity_aware'],
    ['LiquiditySplitting', { max_splits: 7, min_split_amount: 3 }, 'liquidity_splitting'],
  ])('%s with %o has the hash of its file with the same parameters', (type, keys, file) => {
    const builtin = resolveOk({ type, ...keys });
    const defaults = (builtin.document as { parameters: Record<string, number> }).parameters;
    const tree = resolveOk({ type: 'Tree', file: `policies/${file}.json`, parameters: defaults });
    expect(tree.hash).toBe(builtin.hash);
    expect(tree.document).toEqual(builtin.document);
  });

  it('parameters: {urgencyThreshold: 10} → unknown_param_override at agents[k].policy.parameters.urgencyThreshold', () => {
    const r = resolvePolicySpec(
      { type: 'Tree', file: 'policies/deadline.json', parameters: { urgencyThreshold: 10 } },
      SCENARIO_CONTEXT,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.file, i.path, i.code])).toEqual([
      ['scenario.yaml', 'agents[3].policy.parameters.urgencyThreshold', 'unknown_param_override'],
    ]);
  });

  const usesParam = (right: unknown) => ({
    version: '1.0',
    policy_id: 'p',
    payment_tree: {
      type: 'condition', node_id: 'N1',
      condition: { op: '>', left: compute({ op: '/', left: f('amount'), right }), right: p('floor_amt') },
      on_true: { type: 'action', node_id: 'A1', action: 'Release' },
      on_false: { type: 'action', node_id: 'A2', action: 'Hold' },
    },
    parameters: { k: 2 },
  });

  it('param floor_amt, declared nowhere but given by the override, is valid', () => {
    expect(validatePolicyDocument(usesParam(p('k')), 'p.json').map((i) => i.code)).toEqual(['unknown_param']);
    const resolved = resolveOk({ type: 'Tree', tree: usesParam(p('k')), parameters: { floor_amt: 3 } });
    expect((resolved.document as { parameters: unknown }).parameters).toEqual({ k: 2, floor_amt: 3 });
  });

  it('amount / param k with k overridden to 0 → zero_divisor', () => {
    const r = resolvePolicySpec({ type: 'Tree', tree: usesParam(p('k')), parameters: { floor_amt: 3, k: 0 } }, SCENARIO_CONTEXT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.file, i.path, i.code, i.node_id])).toEqual([
      ['scenario.yaml', 'agents[3].policy.tree.payment_tree.condition.left.compute.right', 'zero_divisor', 'N1'],
    ]);
  });
});
