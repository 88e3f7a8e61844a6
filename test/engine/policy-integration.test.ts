// Policies inside the tick (policy-dsl.md §6, §11 examples 5, 6, 10, §9 identity), through the
// real DSL compiler and the real engine.
import { resolve as resolvePath } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { readDocumentFile } from '../../src/input/read.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { CompiledPolicy } from '../../src/policy/decision.js';
import { resolvePolicySpec } from '../../src/policy/resolve.js';
import { runScenario } from '../../src/runner/single-run.js';
import { config, payment } from '../helpers/scenario.js';

function policy(spec: unknown): CompiledPolicy {
  const r = resolvePolicySpec(spec, { file: '<test>', baseDir: resolvePath('scenarios'), path: 'policy' });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.policy.compile();
}

const fifo = (): CompiledPolicy => policy({ type: 'Fifo' });

function tree(doc: object): CompiledPolicy {
  return policy({ type: 'Tree', tree: { version: '1.0', policy_id: 'test', ...doc } });
}

function recording(): { events: EngineEvent[]; sink: (e: EngineEvent) => void } {
  const events: EngineEvent[] = [];
  return { events, sink: (e) => events.push(e) };
}

describe('example 5: evaluation points', () => {
  it('the strategic tree sees Q1 before expiry, the payment tree after it', () => {
    // Tick 6; A: B = 100 000, C = 0, Q1 = [X 50 000 due 5, Y 80 000 due 30, Z 60 000 due 30].
    // The strategic tree posts queue1_total_value (190 000 = 3 payments) as a probe; the payment
    // tree releases only when it sees 2 payments worth 140 000 and the payment is covered.
    const probe = tree({
      strategic_collateral_tree: {
        type: 'action',
        node_id: 'S1',
        action: 'PostCollateral',
        parameters: { amount: { compute: { op: '+', left: { field: 'queue1_total_value' }, right: { field: 'outgoing_queue_size' } } } },
      },
      payment_tree: {
        type: 'condition',
        node_id: 'N1',
        condition: {
          op: 'and',
          conditions: [
            { op: '==', left: { field: 'outgoing_queue_size' }, right: { value: 2 } },
            { op: '==', left: { field: 'queue1_total_value' }, right: { value: 140_000 } },
            { op: '>=', left: { field: 'balance' }, right: { field: 'remaining_amount' } },
          ],
        },
        on_true: { type: 'action', node_id: 'A1', action: 'Release' },
        on_false: { type: 'action', node_id: 'A2', action: 'Hold' },
      },
    });
    const { events, sink } = recording();
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100_000, collateral_capacity: 0 }, { id: 'B' }],
        events: [payment(6, 'A', 'B', 50_000, 5), payment(6, 'A', 'B', 80_000, 30), payment(6, 'A', 'B', 60_000, 30)],
      }),
      [probe, fifo()],
      { events: sink },
    );
    s.run(7);
    const post = events.find((e) => e.type === 'collateral_post')!;
    expect(post.tick).toBe(6);
    expect(post.data['requested']).toBe(190_003); // 190 000 + 3 payments
    const [x, y, z] = s.state.txs;
    expect(x!.status).toBe('dropped');
    expect(x!.dropReason).toBe('expired');
    expect(y!.status).toBe('settled');
    expect(y!.settledBy).toBe('rtgs');
    expect(z!.status).toBe('queued_q2');
  });
});

describe('example 6: Deadline (urgency 5)', () => {
  it('releases an urgent payment at once with its decision path', () => {
    const { events, sink } = recording();
    const s = new Simulation(
      config({ agents: [{ id: 'A', opening_balance: 1_000_000 }, { id: 'B' }], events: [payment(0, 'A', 'B', 100_000, 3)] }),
      [policy({ type: 'Deadline', urgency_threshold: 5 }), fifo()],
      { events: sink, trace: true },
    );
    s.step();
    const submit = events.find((e) => e.type === 'submit')!;
    expect(submit.data['node_id']).toBe('A2');
    expect(submit.data['path']).toBe('N1(false) → N2(true) → A2');
    expect(s.state.txs[0]!.settledTick).toBe(0);
  });

  it('holds a payment due at 20 at ticks 0..14 (NearDeadline) and releases it at 15', () => {
    const { events, sink } = recording();
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000_000 }, { id: 'B' }],
        ticksPerDay: 30,
        events: [payment(0, 'A', 'B', 100_000, 20)],
      }),
      [policy({ type: 'Deadline', urgency_threshold: 5 }), fifo()],
      { events: sink },
    );
    s.run(16);
    const holds = events.filter((e) => e.type === 'hold');
    expect(holds.map((e) => e.tick)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(holds.every((e) => e.data['reason'] === 'NearDeadline' && e.data['node_id'] === 'A3')).toBe(true);
    expect(s.state.txs[0]!.settledTick).toBe(15);
  });

  it('with threshold 0 holds at ticks 0..19 and releases at its deadline tick 20, where it settles: no penalty', () => {
    // Issue 23: the reference tree dropped it at tick 20 (N1 deadline_tick <= current_tick), although
    // a payment expires only after its deadline (step 4: tick > deadline_tick).
    const { events, sink } = recording();
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000_000 }, { id: 'B' }],
        ticksPerDay: 30,
        events: [payment(0, 'A', 'B', 100_000, 20)],
        costs: { deadline_penalty: 50_000 },
      }),
      [policy({ type: 'Deadline', urgency_threshold: 0 }), fifo()],
      { events: sink },
    );
    s.run(21);
    expect(events.filter((e) => e.type === 'hold').map((e) => e.tick)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(events.filter((e) => e.type === 'drop')).toEqual([]);
    expect(s.state.txs[0]!.settledTick).toBe(20);
    expect(s.state.costs.deadline[0]).toBe(0);
  });

  it('LiquidityAware (buffer 0, threshold 0): at the deadline tick it releases what it can pay; what it cannot expires after it', () => {
    // A has 100 000: A→B 100 000 due 3 is released at tick 3 (N2 urgent, N3 100 000 ≥ 100 000) and
    // settles; A→B 50 000 due 3 then finds 0 and is held at tick 3 (A3), expiring at tick 4 with the
    // 50 000 penalty. The reference tree dropped both at tick 3 with two penalties.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100_000 }, { id: 'B' }],
        ticksPerDay: 10,
        events: [payment(3, 'A', 'B', 100_000, 3), payment(3, 'A', 'B', 50_000, 3)],
        costs: { deadline_penalty: 50_000 },
      }),
      [policy({ type: 'LiquidityAware', target_buffer: 0, urgency_threshold: 0 }), fifo()],
    );
    s.run(5);
    expect(s.state.txs.map((tx) => [tx.status, tx.settledTick])).toEqual([['settled', 3], ['dropped', -1]]);
    expect(s.state.costs.deadline[0]).toBe(50_000);
  });
});

describe('example 10: collateral', () => {
  const gapPoster = (): CompiledPolicy =>
    tree({
      strategic_collateral_tree: {
        type: 'condition',
        node_id: 'S1',
        condition: { op: '>', left: { field: 'queue1_liquidity_gap' }, right: { value: 0 } },
        on_true: {
          type: 'action',
          node_id: 'S2',
          action: 'PostCollateral',
          parameters: { amount: { field: 'queue1_liquidity_gap' } },
        },
        on_false: { type: 'action', node_id: 'S3', action: 'HoldCollateral' },
      },
    });

  it('posts the Q1 liquidity gap, then the payment settles against the new collateral', () => {
    // C = 10 000, K = 100 000, B = 40 000, Q1 = [60 000]: gap 60 000 − 50 000 = 10 000 → P = 10 000;
    // Fifo releases; 60 000 ≤ 40 000 + 10 000 + 10 000 settles, B = −20 000.
    const { events, sink } = recording();
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 40_000, credit_limit: 10_000, collateral_capacity: 100_000 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 60_000, 100)],
      }),
      [gapPoster(), fifo()],
      { events: sink },
    );
    s.step();
    expect(events.find((e) => e.type === 'collateral_post')!.data).toMatchObject({
      requested: 10_000,
      applied: 10_000,
      new_total: 10_000,
    });
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.balances[0]).toBe(-20_000);
  });

  it('post is capped by capacity; computed 0.9, −5 or NaN do nothing and record nothing', () => {
    const post = (amount: object): CompiledPolicy =>
      tree({ strategic_collateral_tree: { type: 'action', node_id: 'P1', action: 'PostCollateral', parameters: { amount } } });
    const run = (p: CompiledPolicy, posted: number) => {
      const { events, sink } = recording();
      const s = new Simulation(
        config({ agents: [{ id: 'A', credit_limit: 10_000, posted_collateral: posted, collateral_capacity: 100_000 }, { id: 'B' }] }),
        [p, fifo()],
        { events: sink },
      );
      s.step();
      return { posted: s.state.posted[0], events: events.filter((e) => e.type === 'collateral_post') };
    };
    const capped = run(post({ value: 50_000 }), 80_000);
    expect(capped.posted).toBe(100_000);
    expect(capped.events[0]!.data).toMatchObject({ requested: 50_000, applied: 20_000, new_total: 100_000 });
    const computed = (left: number, right: number) => ({ compute: { op: '-', left: { value: left }, right: { value: right } } });
    for (const amount of [computed(1, 0.1), computed(0, 5), { compute: { op: '-', left: { field: 'ticks_to_nearest_queue2_deadline' }, right: { field: 'ticks_to_nearest_queue2_deadline' } } }]) {
      const r = run(post(amount), 0);
      expect(r.posted).toBe(0);
      expect(r.events).toHaveLength(0);
    }
  });

  it('withdraw keeps the collateral the overdraft needs', () => {
    // B = −30 000, C = 10 000, P = 100 000: F = min(100 000, 80 000) = 80 000 → P = 20 000.
    const withdraw = tree({
      strategic_collateral_tree: {
        type: 'action',
        node_id: 'W1',
        action: 'WithdrawCollateral',
        parameters: { amount: { value: 100_000 } },
      },
    });
    const s = new Simulation(
      config({
        agents: [
          { id: 'A', opening_balance: -30_000, credit_limit: 10_000, posted_collateral: 100_000, collateral_capacity: 100_000 },
          { id: 'B', opening_balance: 500_000, credit_limit: 10_000, posted_collateral: 100_000, collateral_capacity: 100_000 },
        ],
      }),
      [withdraw, withdraw],
    );
    s.step();
    expect(s.state.posted[0]).toBe(20_000);
    expect(s.state.available(0)).toBe(0);
    expect(s.state.posted[1]).toBe(0);
  });

  it('end_of_tick_cleanup.json withdraws idle collateral, then computes 0 and does nothing', () => {
    const { events, sink } = recording();
    const s = new Simulation(
      config({ agents: [{ id: 'A', opening_balance: 1_000, posted_collateral: 30_000, collateral_capacity: 50_000 }, { id: 'B' }] }),
      [policy({ type: 'Tree', file: 'policies/end_of_tick_cleanup.json' }), fifo()],
      { events: sink },
    );
    s.run(2);
    const withdrawals = events.filter((e) => e.type === 'collateral_withdraw');
    expect(withdrawals).toHaveLength(1);
    expect(withdrawals[0]!.data).toMatchObject({ requested: 30_000, applied: 30_000, new_total: 0, node_id: 'EOT3' });
    expect(s.state.posted[0]).toBe(0);
  });
});

describe('built-in policies and their tree files are one policy (§9)', () => {
  /** The scenario with each built-in replaced by `{type: Tree, file: <its file>, parameters}`. */
  function asTreeFiles(doc: Record<string, unknown>): Record<string, unknown> {
    const files: Record<string, string> = {
      Fifo: 'fifo.json',
      Deadline: 'deadline.json',
      LiquidityAware: 'liquidity_aware.json',
      LiquiditySplitting: 'liquidity_splitting.json',
    };
    const agents = (doc['agents'] as Record<string, unknown>[]).map((a) => {
      const { type, ...parameters } = a['policy'] as Record<string, unknown>;
      return { ...a, policy: { type: 'Tree', file: `policies/${files[type as string]!}`, parameters } };
    });
    return { ...doc, agents };
  }

  function withSplitting(doc: Record<string, unknown>): Record<string, unknown> {
    const agents = (doc['agents'] as Record<string, unknown>[]).map((a, i) => ({
      ...a,
      policy: { type: 'LiquiditySplitting', max_splits: 2 + (i % 4), min_split_amount: 10_000 * (i % 3) },
    }));
    return { ...doc, agents };
  }

  function runBoth(doc: Record<string, unknown>) {
    const ctx = { file: 'scenarios/18_agent_3_policy_simulation.yaml', baseDir: resolvePath('scenarios') };
    const builtin = parseScenarioDocument(doc, ctx);
    const files = parseScenarioDocument(asTreeFiles(doc), ctx);
    expect(files.policies.map((p) => p.hash)).toEqual(builtin.policies.map((p) => p.hash));
    expect(files.configHash).toBe(builtin.configHash);
    const a = recording();
    const b = recording();
    const runA = runScenario(builtin, { events: a.sink });
    const runB = runScenario(files, { events: b.sink });
    expect(JSON.stringify(runB.result)).toBe(JSON.stringify(runA.result));
    expect(b.events).toEqual(a.events);
    return runA.result.summary;
  }

  const doc = readDocumentFile('scenarios/18_agent_3_policy_simulation.yaml') as Record<string, unknown>;

  it('on 18_agent_3_policy_simulation.yaml (Fifo, Deadline, LiquidityAware)', () => {
    const summary = runBoth(doc);
    expect(summary.arrivals).toBeGreaterThan(1_000);
  });

  it('on a variant whose agents use LiquiditySplitting', () => {
    const summary = runBoth(withSplitting(doc));
    expect(summary.costs.split).toBeGreaterThan(0);
  });
});
