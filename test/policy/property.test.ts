// Random valid trees over random states: a compiled policy never throws anything but the two
// documented run errors, and decides exactly as the plain interpreter of oracle.ts (same action,
// node, reason, number, path; same run error at the same node).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyRunError, type CompiledPolicy, type PaymentView } from '../../src/policy/decision.js';
import { AGENT_FIELD_NAMES, PAYMENT_FIELD_NAMES } from '../../src/policy/fields.js';
import { validatePolicyDocument } from '../../src/policy/validate.js';
import { agent, decisionsFor, q1Of, viewOf, type FakeState } from './fake-state.js';
import { interpret, OracleRunError, type OracleDecision } from './oracle.js';
import { compileDocument } from './policies.js';
import { resolvePolicySpec } from '../../src/policy/resolve.js';

type Json = Record<string, unknown>;
type Kind = 'payment' | 'collateral';

const PARAM_NAMES = ['p0', 'p1', 'p2'];

const literal = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: -10_000_000, max: 10_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
  fc.constantFrom(0.1, 0.2, 0.3, 1e-10, -1e-17, 0.49999999999999994, 2.5, -2.5),
  fc.boolean(),
);

function valueArb(kind: Kind, depth: number): fc.Arbitrary<Json> {
  const fields = kind === 'payment' ? [...PAYMENT_FIELD_NAMES, ...AGENT_FIELD_NAMES] : AGENT_FIELD_NAMES;
  const leaf = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fields).map((field) => ({ field })) },
    { weight: 1, arbitrary: fc.constantFrom(...PARAM_NAMES).map((param) => ({ param })) },
    { weight: 2, arbitrary: literal.map((value) => ({ value })) },
  );
  if (depth <= 0) return leaf;
  const sub = valueArb(kind, depth - 1);
  // `/` never gets a literal or param divisor: a constant zero there is a validation error.
  const divisor = fc.oneof(
    fc.constantFrom(...fields).map((field) => ({ field })),
    sub.filter((v) => !('value' in v) && !('param' in v)),
  );
  const compute = fc.oneof(
    fc.record({ op: fc.constantFrom('+', '-', '*'), left: sub, right: sub }),
    fc.record({ op: fc.constant('/'), left: sub, right: divisor }),
    fc.record({ op: fc.constantFrom('max', 'min'), values: fc.array(sub, { minLength: 1, maxLength: 3 }) }),
    fc.record({ op: fc.constantFrom('ceil', 'floor', 'round', 'abs'), value: sub }),
    fc.record({ op: fc.constant('clamp'), value: sub, min: sub, max: sub }),
    fc.record({ op: fc.constant('div0'), numerator: sub, denominator: sub, default: sub }),
  );
  return fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 2, arbitrary: compute.map((c) => ({ compute: c })) });
}

function expressionArb(kind: Kind, depth: number): fc.Arbitrary<Json> {
  const v = valueArb(kind, 2);
  const comparison = fc.record({ op: fc.constantFrom('==', '!=', '<', '<=', '>', '>='), left: v, right: v });
  if (depth <= 0) return comparison;
  const sub = expressionArb(kind, depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: comparison },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('and', 'or'), conditions: fc.array(sub, { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('not'), condition: sub }) },
  );
}

const reason = fc.option(fc.constantFrom('InsufficientLiquidity', 'LowPriority', 'x'), { nil: undefined });

function actionArb(kind: Kind): fc.Arbitrary<Json> {
  const v = valueArb(kind, 2);
  const withReason = (r: string | undefined, args: Json): Json => (r === undefined ? args : { ...args, reason: { value: r } });
  if (kind === 'payment') {
    const numSplits = fc.oneof(fc.integer({ min: 2, max: 1000 }).map((value) => ({ value })), v.filter((x) => !('value' in x)));
    return fc.oneof(
      fc.constantFrom('Release', 'ReleaseWithCredit', 'Drop').map((action) => ({ type: 'action', action })),
      fc.record({ action: fc.constantFrom('Split', 'PaceAndRelease'), n: numSplits }).map(({ action, n }) => ({
        type: 'action', action, parameters: { num_splits: n },
      })),
      reason.map((r) => ({ type: 'action', action: 'Hold', parameters: withReason(r, {}) })),
    );
  }
  const amount = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }).map((value) => ({ value })), v.filter((x) => !('value' in x)));
  return fc.oneof(
    fc.record({ action: fc.constantFrom('PostCollateral', 'WithdrawCollateral'), amount, r: reason }).map(({ action, amount: a, r }) => ({
      type: 'action', action, parameters: withReason(r, { amount: a }),
    })),
    fc.constant({ type: 'action', action: 'HoldCollateral' }),
  );
}

function nodeArb(kind: Kind, depth: number): fc.Arbitrary<Json> {
  if (depth <= 0) return actionArb(kind);
  const sub = nodeArb(kind, depth - 1);
  return fc.oneof(
    { weight: 1, arbitrary: actionArb(kind) },
    {
      weight: 2,
      arbitrary: fc.record({ condition: expressionArb(kind, 2), on_true: sub, on_false: sub }).map((n) => ({ type: 'condition', ...n })),
    },
  );
}

/** Gives every node a fresh id, in document order, on a copy. */
function withIds(node: Json, next: () => string): Json {
  const id = next();
  if (node['type'] === 'condition') {
    return { ...node, node_id: id, on_true: withIds(node['on_true'] as Json, next), on_false: withIds(node['on_false'] as Json, next) };
  }
  return { ...node, node_id: id };
}

const documentArb = fc
  .record({
    payment: fc.option(nodeArb('payment', 4), { nil: null }),
    strategic: fc.option(nodeArb('collateral', 3), { nil: null }),
    endOfTick: fc.option(nodeArb('collateral', 3), { nil: null }),
    params: fc.tuple(literal, literal, literal).map(([a, b, c]) => ({ p0: Number(a), p1: Number(b), p2: Number(c) })),
  })
  .map(({ payment, strategic, endOfTick, params }) => {
    let k = 0;
    const next = () => `X${++k}`;
    return {
      version: '1.0',
      policy_id: 'random',
      payment_tree: payment === null ? null : withIds(payment, next),
      strategic_collateral_tree: strategic === null ? null : withIds(strategic, next),
      end_of_tick_collateral_tree: endOfTick === null ? null : withIds(endOfTick, next),
      parameters: params,
    };
  });

const paymentArb = (tick: number, n: number): fc.Arbitrary<PaymentView> =>
  fc.record({
    receiver: fc.integer({ min: 1, max: n - 1 }),
    amount: fc.integer({ min: 1, max: 10_000_000 }),
    settled: fc.integer({ min: 0, max: 3 }),
    arrivalTick: fc.integer({ min: 0, max: tick }),
    wait: fc.integer({ min: -2, max: 60 }),
    priority: fc.integer({ min: 0, max: 10 }),
    divisible: fc.boolean(),
  }).map((p) => ({
    receiver: p.receiver,
    amount: p.amount,
    remaining: p.settled === 0 ? Math.ceil(p.amount / 2) : p.amount,
    arrivalTick: p.arrivalTick,
    deadlineTick: tick + p.wait,
    priority: p.priority,
    divisible: p.divisible,
    parentId: -1,
  }));

const stateArb: fc.Arbitrary<FakeState> = fc
  .record({ tick: fc.integer({ min: 0, max: 300 }), tpd: fc.integer({ min: 1, max: 100 }), n: fc.integer({ min: 2, max: 4 }) })
  .chain(({ tick, tpd, n }) =>
    fc.record({
      tick: fc.constant(tick),
      ticksPerDay: fc.constant(tpd),
      agents: fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            balance: fc.oneof(fc.constant(0), fc.integer({ min: -5_000_000, max: 10_000_000 })),
            credit: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000_000 })),
            posted: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
            capacity: fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: undefined }),
            q1: fc.array(paymentArb(tick, n), { maxLength: 5 }),
          }).map((a) => agent(String.fromCharCode(65 + i), a.balance, a.credit, { posted: a.posted, capacity: a.capacity, q1: a.q1 })),
        ),
      ),
      q2: fc.array(
        fc.record({
          sender: fc.integer({ min: 0, max: n - 1 }),
          receiver: fc.integer({ min: 0, max: n - 1 }),
          remaining: fc.integer({ min: 1, max: 1_000_000 }),
          deadline: fc.integer({ min: 0, max: 400 }),
        }),
        { maxLength: 6 },
      ),
      failed: fc.subarray(Array.from({ length: n }, (_, i) => i)),
      flows: fc.record({
        received: fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })), { minLength: n, maxLength: n }), {
          minLength: n,
          maxLength: n,
        }),
        sent: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: n, maxLength: n }),
      }),
    }),
  );

type Outcome = { decision: OracleDecision } | { error: { code: string; nodeId: string | null } };

/** How often each outcome occurred, to check the generators reach every case. */
const seen = new Map<string, number>();

function oracleOutcome(run: () => OracleDecision): Outcome {
  try {
    const decision = run();
    seen.set(decision.action, (seen.get(decision.action) ?? 0) + 1);
    return { decision };
  } catch (e) {
    if (e instanceof OracleRunError) {
      seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
      return { error: { code: e.code, nodeId: e.nodeId } };
    }
    throw e;
  }
}

/** The compiled policy's payment decisions for agent 0, as a list of outcomes up to the first error. */
function compiledPayments(policy: CompiledPolicy, s: FakeState, trace: boolean): Outcome[] {
  const { q1, txs } = q1Of(s, 0);
  const out = decisionsFor(q1.length);
  try {
    policy.decidePayments(viewOf(s), 0, q1, txs, out, trace);
  } catch (e) {
    if (!(e instanceof PolicyRunError)) throw e;
    expect([e.agent, e.tick, e.tree]).toEqual(['A', s.tick, 'payment_tree']);
    return [{ error: { code: e.code, nodeId: e.nodeId } }];
  }
  return out.map((d) => ({
    decision: { action: d.action, nodeId: d.nodeId, reason: d.reason, number: d.numSplits, path: d.path ?? '' },
  }));
}

/** The oracle's outcomes for the same Q1: every decision, or only the first error. */
function oraclePayments(doc: Json, s: FakeState, trace: boolean): Outcome[] {
  const tree = doc['payment_tree'] as Json;
  const params = doc['parameters'] as Record<string, number>;
  const outcomes: Outcome[] = [];
  for (const tx of s.agents[0]!.q1) {
    const o = oracleOutcome(() => interpret(tree, s, 0, tx, params));
    if ('error' in o) return [o];
    outcomes.push(trace ? o : { decision: { ...o.decision, path: '' } });
  }
  return outcomes;
}

function compiledCollateral(policy: CompiledPolicy, layer: 'strategic' | 'end_of_tick', s: FakeState): Outcome {
  try {
    const d = policy.decideCollateral(layer, viewOf(s), 0, true)!;
    return { decision: { action: d.action, nodeId: d.nodeId, reason: d.reason, number: d.amount, path: d.path ?? '' } };
  } catch (e) {
    if (!(e instanceof PolicyRunError)) throw e;
    expect([e.agent, e.tick, e.tree]).toEqual(['A', s.tick, `${layer}_collateral_tree`]);
    return { error: { code: e.code, nodeId: e.nodeId } };
  }
}

describe('compiled trees against the interpreter', () => {
  it('random valid documents validate, and decide as the oracle on random states', () => {
    fc.assert(
      fc.property(documentArb, fc.array(stateArb, { minLength: 1, maxLength: 4 }), (doc, states) => {
        expect(validatePolicyDocument(doc, 'random.json')).toEqual([]);
        const policy = compileDocument(doc);
        for (const s of states) {
          if (doc.payment_tree !== null) {
            expect(compiledPayments(policy, s, true)).toEqual(oraclePayments(doc, s, true));
            expect(compiledPayments(policy, s, false)).toEqual(oraclePayments(doc, s, false));
          }
          for (const [layer, key] of [['strategic', 'strategic_collateral_tree'], ['end_of_tick', 'end_of_tick_collateral_tree']] as const) {
            const tree = doc[key];
            if (tree === null) {
              expect(policy.decideCollateral(layer, viewOf(s), 0, false)).toBeNull();
              continue;
            }
            expect(compiledCollateral(policy, layer, s)).toEqual(oracleOutcome(() => interpret(tree, s, 0, null, doc.parameters)));
          }
        }
      }),
      { numRuns: 400 },
    );
    for (const outcome of ['Release', 'Split', 'Hold', 'Drop', 'PostCollateral', 'WithdrawCollateral', 'HoldCollateral', 'division_by_zero', 'invalid_num_splits']) {
      expect([outcome, (seen.get(outcome) ?? 0) > 0]).toEqual([outcome, true]);
    }
  });

  it('without a payment tree every payment is released', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const policy = compileDocument({ version: '1.0', policy_id: 'none' });
        const { q1, txs } = q1Of(s, 0);
        const out = decisionsFor(q1.length);
        policy.decidePayments(viewOf(s), 0, q1, txs, out, false);
        expect(out.every((d) => d.action === 'Release')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe('validation is total', () => {
  it('any JSON in any tree position gives issues, never an exception, and a valid one compiles', () => {
    const junk = fc.oneof(fc.jsonValue({ maxDepth: 4 }), documentArb.map((d) => d.payment_tree));
    fc.assert(
      fc.property(junk, junk, (a, b) => {
        const doc = { version: '1.0', policy_id: 'junk', payment_tree: a, strategic_collateral_tree: b };
        const issues = validatePolicyDocument(doc, 'junk.json');
        for (const i of issues) expect(i.file).toBe('junk.json');
        if (issues.length === 0) compileDocument(doc);
      }),
      { numRuns: 300 },
    );
  });

  it('any spec gives a resolution, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('Fifo', 'Deadline', 'LiquidityAware', 'LiquiditySplitting', 'Tree'), (extra, type) => {
        const spec = typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? { ...extra, type } : extra;
        const r = resolvePolicySpec(spec, { file: 's.yaml', baseDir: null, path: 'agents[0].policy' });
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
