// Policy decision speed (policy-dsl.md §8): decisions per second of each built-in and of a 31-node
// tree over one agent's Q1 of 1 000 payments, events off, on a fake view backed by plain arrays.
// Targets: LiquidityAware well over 100 000/s; the 31-node tree ≥ 2 000 000/s on one core.

import { DEFAULT_COST_RATES } from '../src/engine/config.js';
import {
  newPaymentDecision,
  type CompiledPolicy,
  type PaymentView,
  type PolicyStateView,
} from '../src/policy/decision.js';
import { resolvePolicySpec } from '../src/policy/resolve.js';

const Q1_LENGTH = 1_000;
const RUN_MS = 1_000;

function fakeView(): PolicyStateView {
  const balance = [600_000, 2_000_000];
  const credit = [300_000, 0];
  return {
    tick: 40,
    ticksPerDay: 100,
    numAgents: 2,
    costRates: DEFAULT_COST_RATES,
    agentId: (i) => (i === 0 ? 'A' : 'B'),
    balance: (i) => balance[i]!,
    creditLimit: (i) => credit[i]!,
    postedCollateral: () => 50_000,
    collateralCapacity: (i) => 10 * credit[i]!,
    q1Count: () => Q1_LENGTH,
    q1Value: () => 80_000_000,
    q2CountFor: () => 3,
    q2ValueFor: () => 400_000,
    q2NearestDeadline: () => 44,
    incomingQ2Value: () => 250_000,
    q2Size: () => 7,
    q2Value: () => 900_000,
    failureAnnounced: () => false,
    announcedFailures: () => 0,
    queuedFrom: () => 0,
    receivedFrom: () => 0,
    receivedRecently: () => 0,
    sentRecently: () => 0,
  };
}

/** Deterministic mixed payments: amounts 1 000..200 000, deadlines 40..99 (urgent and not). */
function paymentsOf(n: number): PaymentView[] {
  const txs: PaymentView[] = [];
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    txs.push({
      receiver: 1,
      amount: 1_000 + (x % 199_001),
      remaining: 1_000 + (x % 199_001),
      arrivalTick: x % 40,
      deadlineTick: 40 + (x % 60),
      priority: x % 11,
      divisible: (x & 1) === 1,
      parentId: -1,
    });
  }
  return txs;
}

const cmp = (op: string, left: unknown, right: unknown) => ({ op, left, right });
const field = (name: string) => ({ field: name });
const value = (x: number) => ({ value: x });

/** A full binary tree of 15 conditions (4 levels) and 16 actions, over varied fields and computations. */
function thirtyOneNodeTree(): unknown {
  const conditions = [
    cmp('<=', field('ticks_to_deadline'), { param: 'urgent' }),
    cmp('>=', field('available_liquidity'), field('remaining_amount')),
    cmp('<', { compute: { op: '-', left: field('balance'), right: field('amount') } }, { param: 'buffer' }),
    { op: 'and', conditions: [cmp('>', field('priority'), value(5)), cmp('==', field('is_divisible'), value(1))] },
    cmp('>', field('queue_age'), value(10)),
    cmp('<', field('liquidity_pressure'), value(0.5)),
    cmp('>', { compute: { op: 'div0', numerator: field('amount'), denominator: field('headroom'), default: value(0) } }, value(0.1)),
    { op: 'not', condition: cmp('>', field('queue2_count_for_agent'), value(5)) },
  ];
  let n = 0;
  const build = (depth: number): unknown => {
    n++;
    if (depth === 4) {
      const kind = n % 3;
      if (kind === 0) return { type: 'action', node_id: `A${n}`, action: 'Release' };
      if (kind === 1) return { type: 'action', node_id: `A${n}`, action: 'Hold', parameters: { reason: { value: 'Wait' } } };
      return { type: 'action', node_id: `A${n}`, action: 'Split', parameters: { num_splits: { compute: { op: 'clamp', value: { compute: { op: 'floor', value: { compute: { op: '/', left: field('amount'), right: value(50_000) } } } }, min: value(2), max: value(8) } } } };
    }
    const id = `N${n}`;
    return { type: 'condition', node_id: id, condition: conditions[n % conditions.length], on_true: build(depth + 1), on_false: build(depth + 1) };
  };
  return { version: '1.0', policy_id: 'bench_31', payment_tree: build(0), parameters: { urgent: 10, buffer: 100_000 } };
}

function compile(spec: unknown): CompiledPolicy {
  const r = resolvePolicySpec(spec, { file: 'bench', baseDir: 'scenarios', path: 'policy' });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.policy.compile();
}

function decisionsPerSecond(policy: CompiledPolicy): number {
  const view = fakeView();
  const txs = paymentsOf(Q1_LENGTH);
  const q1 = txs.map((_, i) => i);
  const out = Array.from({ length: Q1_LENGTH }, newPaymentDecision);
  for (let i = 0; i < 200; i++) policy.decidePayments(view, 0, q1, txs, out, false);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < RUN_MS) {
    for (let i = 0; i < 20; i++) policy.decidePayments(view, 0, q1, txs, out, false);
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (calls * Q1_LENGTH) / (elapsed / 1_000);
}

export async function benchPolicy(): Promise<void> {
  const cases: Array<[string, unknown]> = [
    ['Fifo', { type: 'Fifo' }],
    ['Deadline', { type: 'Deadline' }],
    ['LiquidityAware', { type: 'LiquidityAware' }],
    ['LiquiditySplitting', { type: 'LiquiditySplitting' }],
    ['31-node tree', { type: 'Tree', tree: thirtyOneNodeTree() }],
  ];
  console.log(`policy decisions per second (Q1 of ${Q1_LENGTH}, events off, one core)`);
  for (const [name, spec] of cases) {
    const rate = decisionsPerSecond(compile(spec));
    console.log(`  ${name.padEnd(20)} ${Math.round(rate).toLocaleString('en-US').padStart(14)} /s`);
  }
}
