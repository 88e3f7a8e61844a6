// Costs of engine.md §7 and end of day, with numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { paymentDelayCost } from '../../src/engine/costs.js';
import { applyRate, exactRate } from '../../src/engine/rate.js';
import { Transaction } from '../../src/engine/transaction.js';
import { Simulation } from '../../src/engine/simulation.js';
import { holdAll, releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

describe('exact rates', () => {
  it('reads the decimal a user wrote', () => {
    expect(exactRate(0.0001)).toMatchObject({ numerator: 1, denominator: 10_000 });
    expect(exactRate(10, 10_000)).toMatchObject({ numerator: 1, denominator: 1_000 });
    expect(exactRate(2.5, 10_000)).toMatchObject({ numerator: 1, denominator: 4_000 });
    expect(exactRate(1e-7)).toMatchObject({ numerator: 1, denominator: 10_000_000 });
  });

  it('rounds half away from zero on the exact product', () => {
    // 5 000 × 0.0001 = 0.5 → 1; 15 000 × 0.0001 = 1.5 → 2; 14 999 × 0.0001 = 1.4999 → 1.
    const r = exactRate(0.0001);
    expect(applyRate(5_000, r)).toBe(1);
    expect(applyRate(15_000, r)).toBe(2);
    expect(applyRate(14_999, r)).toBe(1);
    expect(applyRate(-5_000, r)).toBe(-1);
    // 0.1 × 35 = 3.5 exactly as decimals, though 0.1 * 35 in doubles is 3.5000000000000004.
    expect(applyRate(35, exactRate(0.1))).toBe(4);
    // 0.7 × 5 = 3.5 → 4, though 0.7 * 5 in doubles is 3.4999999999999996.
    expect(applyRate(5, exactRate(0.7))).toBe(4);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    // 9 007 199 254 740 991 × 3/10 000 = 2 702 159 776 422.2973 → 2 702 159 776 422.
    expect(applyRate(Number.MAX_SAFE_INTEGER, exactRate(3, 10_000))).toBe(2_702_159_776_422);
  });
});

describe('per-tick costs (step 10)', () => {
  it('overdraft: round(max(0, −balance) × bps / 10 000) every tick', () => {
    // A pays 123 456 with no money and credit 200 000: balance −123 456.
    // 10 bps: 123 456 × 10 / 10 000 = 123.456 → 123 per tick; 3 ticks → 369.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', credit_limit: 200_000 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 123_456, 5)],
        costs: { overdraft_bps_per_tick: 10 },
      }),
      [releaseAll(), releaseAll()],
    );
    s.run(3);
    expect(s.state.balances[0]).toBe(-123_456);
    expect(s.state.costs.overdraft[0]).toBe(369);
    expect(s.state.costs.overdraft[1]).toBe(0);
  });

  it('overdraft rounds a half cent up: 5 000 × 1 bps = 0.5 → 1', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', credit_limit: 5_000 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 5_000, 5)],
        costs: { overdraft_bps_per_tick: 1 },
      }),
      [releaseAll(), releaseAll()],
    );
    s.step();
    expect(s.state.costs.overdraft[0]).toBe(1);
  });

  it('collateral: round(posted × bps / 10 000): 1 000 000 at 2 bps = 200 per tick', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', posted_collateral: 1_000_000, collateral_capacity: 1_000_000 }, { id: 'B' }],
        costs: { collateral_bps_per_tick: 2 },
      }),
      [releaseAll(), releaseAll()],
    );
    s.run(4);
    expect(s.state.costs.collateral[0]).toBe(800);
  });

  it('delay: round(Σ remaining in Q1 × rate), after the policy step, Q2 waiting is free', () => {
    // A holds 12 345 + 2 655 = 15 000 in Q1: 15 000 × 0.0001 = 1.5 → 2 per tick.
    // B releases 15 000 it cannot pay: it waits in Q2 and costs nothing.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 12_345, 9), payment(0, 'A', 'B', 2_655, 9), payment(0, 'B', 'A', 15_000, 9)],
        costs: { delay_cost_per_tick_per_cent: 0.0001 },
      }),
      [holdAll(), releaseAll()],
    );
    s.run(3);
    expect(s.state.costs.delay[0]).toBe(6);
    expect(s.state.costs.delay[1]).toBe(0);
    expect(s.state.txs[2]!.status).toBe('queued_q2');
    // Attribution per payment: 12 345 × 0.0001 × 3 = 3.7035 → 4; 2 655 × 0.0001 × 3 = 0.7965 → 1.
    const rows = s.results().transactions;
    expect(rows[0]!.delay_cost).toBe(4);
    expect(rows[1]!.delay_cost).toBe(1);
  });

  it('a payment\'s delay cost is round(rate × its cent-ticks), exact where doubles drift', () => {
    // 9 cents held 5 ticks at 0.3: 45 cent-ticks × 0.3 = 13.5 → 14. Summed tick by tick in doubles,
    // 2.7 five times is 13.499999999999998, which rounds to 13. The agent pays round(2.7) = 3 per
    // tick: 15, rounded tick by tick over its queue, so the payment's figure is an attribution.
    const drift = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', 9, 9)], costs: { delay_cost_per_tick_per_cent: 0.3 } }),
      [holdAll(), releaseAll()],
    );
    drift.run(5);
    expect(drift.results().transactions[0]!.delay_cost).toBe(14);
    expect(drift.state.costs.delay[0]).toBe(15);
    // 2 875 held one tick at 0.7: 2 012.5 → 2 013, as the agent's own cost (in doubles
    // 2875 * 0.7 is 2012.4999999999998, which rounds to 2 012).
    const product = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', 2_875, 9)], costs: { delay_cost_per_tick_per_cent: 0.7 } }),
      [holdAll(), releaseAll()],
    );
    product.run(1);
    expect(product.results().transactions[0]!.delay_cost).toBe(2_013);
    expect(product.state.costs.delay[0]).toBe(2_013);
  });

  it('cent-ticks beyond 2^53 stay exact (carried in a bigint)', () => {
    // (2^53 − 1) + 10 = 9 007 199 254 741 001 cent-ticks × 0.0001 = 900 719 925 474.1001 → 900 719 925 474.
    const tx = new Transaction(0, 0, 1, 1, 1, 0, 9, 5, false, -1, 'arrival');
    tx.delayHeld = Number.MAX_SAFE_INTEGER;
    tx.delayHeldCarry = 10n;
    expect(paymentDelayCost(tx, exactRate(0.0001))).toBe(900_719_925_474);
    tx.delayHeldCarry = null;
    tx.delayHeld = 45;
    expect(paymentDelayCost(tx, exactRate(0.3))).toBe(14);
  });
});

describe('splitting (step 5)', () => {
  const splitter = (n: number) => scriptedPolicy('split', () => ({ action: 'Split', numSplits: n, nodeId: 'S' }));

  it('n = 4 on 100 001: 25 000 × 3 and 25 001, friction 3 × rate', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000_000 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 100_001, 9)],
        costs: { split_friction_cost: 1_000 },
      }),
      [splitter(4), releaseAll()],
    );
    s.step();
    const parent = s.state.txs[0]!;
    expect(parent.children).toEqual([1, 2, 3, 4]);
    expect(s.state.txs.slice(1).map((t) => t.amount)).toEqual([25_000, 25_000, 25_000, 25_001]);
    expect(s.state.costs.split[0]).toBe(3_000);
    expect(parent.splitFriction).toBe(3_000);
    // All four settle at step 6; the parent is settled with them.
    expect(parent.status).toBe('settled');
    expect(parent.settledTick).toBe(0);
    expect(parent.remaining).toBe(0);
    expect(s.state.balances[1]).toBe(100_001);
    const summary = s.results().summary;
    expect(summary.arrivals).toBe(1);
    expect(summary.settled).toBe(1);
    expect(summary.settled_by.rtgs).toBe(4);
  });

  it('N is capped at the amount: n = 4 on 3 gives 1, 1, 1 and friction 2 × rate', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 10 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 3, 9)],
        costs: { split_friction_cost: 1_000 },
      }),
      [splitter(4), releaseAll()],
    );
    s.step();
    expect(s.state.txs.slice(1).map((t) => t.amount)).toEqual([1, 1, 1]);
    expect(s.state.costs.split[0]).toBe(2_000);
  });

  it('an amount of 1 is released whole, without friction', () => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 10 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 1, 9)],
        costs: { split_friction_cost: 1_000 },
      }),
      [splitter(4), releaseAll()],
    );
    s.step();
    expect(s.state.txs).toHaveLength(1);
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.costs.split[0]).toBe(0);
  });

  it('a split parent waits for its last child; its remaining is the children’s remaining', () => {
    // A has 60 000: children 50 000 and 50 000; the first settles, the second queues.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 60_000 }, { id: 'B' }, { id: 'C', opening_balance: 40_000 }],
        events: [payment(0, 'A', 'B', 100_000, 9), payment(1, 'C', 'A', 40_000, 9)],
      }),
      [splitter(2), releaseAll(), releaseAll()],
    );
    s.step();
    const parent = s.state.txs[0]!;
    expect(parent.status).toBe('split');
    expect(parent.remaining).toBe(50_000);
    s.step();
    expect(parent.status).toBe('settled');
    expect(parent.settledTick).toBe(1);
    expect(parent.settledBy).toBe('queue');
  });
});

describe('end of day (step 11)', () => {
  it('charges the EOD penalty for each unsettled payment in Q1 and in Q2', () => {
    // tpd 5. A holds one payment in Q1 (policy), and one it released waits in Q2 for lack of money:
    // 2 × 10 000 = 20 000 at tick 4.
    const policy = scriptedPolicy('half', (tx) => (tx.amount === 100 ? { action: 'Hold' } : { action: 'Release' }));
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }],
        ticksPerDay: 5,
        events: [payment(0, 'A', 'B', 100, 20), payment(0, 'A', 'B', 200, 20)],
        costs: { eod_penalty_per_transaction: 10_000 },
      }),
      [policy, releaseAll()],
    );
    s.run(4);
    expect(s.state.costs.eod[0]).toBe(0);
    s.step();
    expect(s.state.costs.eod[0]).toBe(20_000);
    const days = s.results().agent_days;
    expect(days.find((d) => d.agent === 'A' && d.day === 0)).toMatchObject({ cost_eod: 20_000, unsettled_eod: 2 });
  });

  it('carries queues and balances over midnight and charges again the next day', () => {
    // tpd 3, 2 days. Day 0: B pays A 500 (rtgs). A holds its 100 all along: EOD 1 000 each day.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 500 }],
        ticksPerDay: 3,
        days: 2,
        events: [payment(0, 'A', 'B', 100, 50), payment(1, 'B', 'A', 500, 50)],
        costs: { eod_penalty_per_transaction: 1_000 },
      }),
      [holdAll(), releaseAll()],
    );
    s.run();
    expect(s.state.costs.eod[0]).toBe(2_000);
    const days = s.results().agent_days;
    const a0 = days.find((d) => d.agent === 'A' && d.day === 0)!;
    const a1 = days.find((d) => d.agent === 'A' && d.day === 1)!;
    expect(a0.opening_balance).toBe(0);
    expect(a0.closing_balance).toBe(500);
    expect(a0.received_value).toBe(500);
    expect(a1.opening_balance).toBe(500);
    expect(a1.closing_balance).toBe(500);
    expect(a1.received).toBe(0);
    expect(a1.cost_eod).toBe(1_000);
    expect(s.state.q1[0]).toEqual([0]);
    expect(s.results().summary.unsettled_q1).toBe(1);
  });

  it('agent-day metrics: balance extremes, liquidity used, peaks', () => {
    // A opens at 1 000, pays 700 (→ 300), pays 600 with credit (→ −300), receives 900 (→ 600).
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 1_000, credit_limit: 500 }, { id: 'B', opening_balance: 900 }],
        ticksPerDay: 4,
        events: [payment(0, 'A', 'B', 700, 9), payment(1, 'A', 'B', 600, 9), payment(2, 'B', 'A', 2_200, 9)],
      }),
      [releaseAll(), releaseAll()],
    );
    s.run();
    const a = s.results().agent_days.find((d) => d.agent === 'A')!;
    expect(a).toMatchObject({
      opening_balance: 1_000,
      min_balance: -300,
      max_balance: 1_900,
      closing_balance: 1_900,
      peak_overdraft: 300,
      liquidity_used: 1_300,
      sent: 2,
      sent_value: 1_300,
      received: 1,
      received_value: 2_200,
      peak_q1_size: 1,
    });
  });
});
