// The engine's read-outs for the API and the CLI: summary(), snapshot(), transaction look-ups and
// the typed event helpers. Numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { type EngineEvent, eventPaymentIds, eventReceiver } from '../../src/engine/events.js';
import { Simulation } from '../../src/engine/simulation.js';
import { releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

describe('snapshot() and queueTotals()', () => {
  it('report balances, liquidity, queues and costs per agent', () => {
    // A: 100 + credit 50 pays 120 at once (→ −20, B → 120); 40 > 30 available waits in Q2.
    // Overdraft 20 at 10 bps/tick costs 0.02 cents: nothing rounds to a cent yet.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100, credit_limit: 50 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 120, 5), payment(0, 'A', 'B', 40, 5)],
      }),
      [releaseAll(), releaseAll()],
    );
    s.step();
    const snap = s.snapshot();
    expect(snap.tick).toBe(1);
    expect(snap.total_ticks).toBe(s.totalTicks);
    expect(snap.q1_size).toBe(0);
    expect(snap.q2_size).toBe(1);
    expect(snap.q2_value).toBe(40);
    expect(snap.agents.map((a) => a.agent)).toEqual(['A', 'B']);
    const a = snap.agents[0]!;
    expect(a.balance).toBe(-20);
    expect(a.credit_limit).toBe(50);
    expect(a.available_liquidity).toBe(30);
    expect(a.q2_size).toBe(1);
    expect(a.q2_value).toBe(40);
    expect(snap.agents[1]!.balance).toBe(120);
    expect(Object.keys(a.costs)).toEqual(['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod', 'liquidity', 'backstop', 'cb_credit']);
    expect(s.queueTotals()).toEqual({ q1_size: 0, q2_size: 1, q2_value: 40 });
  });

  it('count Q1 over all agents', () => {
    const hold = scriptedPolicy('hold', () => ({ action: 'Hold', nodeId: 'A1' }));
    const s = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', 5, 9), payment(0, 'B', 'A', 7, 9)] }),
      [hold, hold],
    );
    s.step();
    expect(s.queueTotals()).toEqual({ q1_size: 2, q2_size: 0, q2_value: 0 });
    expect(s.snapshot().agents.map((x) => [x.q1_size, x.q1_value])).toEqual([[1, 5], [1, 7]]);
  });
});

describe('summary() and transaction look-ups', () => {
  const build = (): Simulation => {
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100 }, { id: 'B' }, { id: 'C' }],
        events: [payment(0, 'A', 'B', 60, 5), payment(0, 'A', 'C', 60, 5), payment(1, 'B', 'C', 10, 5)],
      }),
      [releaseAll(), releaseAll(), releaseAll()],
    );
    s.run(3);
    return s;
  };

  it('summary() is the summary of results(), without the transaction records', () => {
    const s = build();
    expect(s.summary()).toEqual(s.results().summary);
    expect(s.summary().arrivals).toBe(3);
  });

  it('results({ transactions: false }) is results() without the transaction records', () => {
    const s = build();
    const whole = s.results();
    expect(whole.transactions).toHaveLength(3);
    expect(s.results({ transactions: false })).toEqual({ ...whole, transactions: [] });
  });

  it('transaction() and findTransactions() give the records of results()', () => {
    const s = build();
    const all = s.results().transactions;
    expect(s.transaction(1)).toEqual(all[1]);
    expect(s.transaction(99)).toBeUndefined();
    // Settled: tx0 (A→B) and tx2 (B→C); tx1 waits in Q2 (A has 40 left).
    expect(s.findTransactions({ status: 'settled' }, 0, 10)).toEqual({ total: 2, records: [all[0], all[2]] });
    // C takes part in tx1 and tx2; offset 1 skips tx1.
    expect(s.findTransactions({ agent: 2 }, 1, 10)).toEqual({ total: 2, records: [all[2]] });
    expect(s.findTransactions({}, 0, 1)).toEqual({ total: 3, records: [all[0]] });
  });

  it('ordersArrivedThisTick() counts orders entered before the next tick is processed', () => {
    const s = build();
    expect(s.ordersArrivedThisTick()).toBe(0);
    s.submitPayment({ sender: 0, receiver: 1, amount: 1, deadlineTick: 9 });
    s.submitPayment({ sender: 1, receiver: 0, amount: 1, deadlineTick: 9 });
    expect(s.ordersArrivedThisTick()).toBe(2);
  });
});

describe('typed event helpers', () => {
  const header = { tick: 0, seq: 0, agent: 'A', tx: 3 } as const;

  it('eventReceiver names the receiver of arrivals, settlements and scripted payments only', () => {
    const settle: EngineEvent = { ...header, type: 'settle', data: { receiver: 'B', amount: 1, settled_by: 'rtgs' } };
    const scripted: EngineEvent = {
      ...header,
      type: 'scenario_event',
      data: { event_type: 'payment', at_tick: 0, sender: 'A', receiver: 'C', amount: 5 },
    };
    const queue: EngineEvent = { ...header, type: 'queue', data: { amount: 1, available_liquidity: 0 } };
    expect(eventReceiver(settle)).toBe('B');
    expect(eventReceiver(scripted)).toBe('C');
    expect(eventReceiver(queue)).toBeUndefined();
  });

  it('eventPaymentIds lists LSM settlements and split children', () => {
    const split: EngineEvent = {
      ...header,
      type: 'split',
      data: { num_splits: 2, requested: 2, child_ids: [4, 5], friction: 0, node_id: 'A1' },
    };
    const cycle: EngineEvent = {
      ...header,
      type: 'lsm_cycle',
      data: { agents: ['A', 'B', 'C'], payment_ids: [1, 2, 3], gross_value: 3, liquidity_used: 0 },
    };
    const drop: EngineEvent = { ...header, type: 'drop', data: { reason: 'expired', amount: 1, deadline_tick: 0, penalty: 0 } };
    expect(eventPaymentIds(split)).toEqual([4, 5]);
    expect(eventPaymentIds(cycle)).toEqual([1, 2, 3]);
    expect(eventPaymentIds(drop)).toEqual([]);
  });
});

describe('queuedByPair()', () => {
  it('sums the queued value per sender and receiver, Q1 and Q2 apart', () => {
    // Nobody holds money: A→B 120 and 40 and B→C 30 wait in Q2 (no pair offsets another); C is
    // out (outage) so its 5 to A stays in Q1. A settled payment leaves its pair: B pays A 7 from a
    // shock of +7 at tick 1, which settles at once.
    const s = new Simulation(
      config({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
        events: [
          { at_tick: 0, type: 'outage', agent: 'C', duration: 5 },
          payment(0, 'A', 'B', 120, 9),
          payment(0, 'A', 'B', 40, 9),
          payment(0, 'B', 'C', 30, 9),
          payment(0, 'C', 'A', 5, 9),
          { at_tick: 1, type: 'liquidity_shock', agent: 'B', balance_change: 7 },
          payment(1, 'B', 'A', 7, 9),
        ],
      }),
      [releaseAll(), releaseAll(), releaseAll()],
    );
    s.run(2);
    expect(s.queuedByPair()).toEqual([
      { sender: 0, receiver: 1, q1_value: 0, q2_value: 160 },
      { sender: 1, receiver: 2, q1_value: 0, q2_value: 30 },
      { sender: 2, receiver: 0, q1_value: 5, q2_value: 0 },
    ]);
    // The pairs add up to the snapshot's queues.
    const snap = s.snapshot();
    expect(snap.agents.map((a) => a.q1_value + a.q2_value)).toEqual([160, 30, 5]);
  });
});

describe('liquidityUsed()', () => {
  it('sums opening − lowest balance over agents for the open day; the peak keeps closed days', () => {
    // Day of 2 ticks. Tick 0: A (100, credit 50) pays B 120 → A at −20: A used 100 − (−20) = 120;
    // B opened at 0 and never goes below it. Tick 1: B pays A 30 (B at 90, A at 10): still 120
    // in all. The day closes with tick 1: the new day has used nothing yet, the peak keeps 120.
    const s = new Simulation(
      config({
        ticksPerDay: 2,
        days: 2,
        agents: [{ id: 'A', opening_balance: 100, credit_limit: 50 }, { id: 'B' }],
        events: [payment(0, 'A', 'B', 120, 5), payment(1, 'B', 'A', 30, 5)],
      }),
      [releaseAll(), releaseAll()],
    );
    s.step();
    expect(s.liquidityUsed()).toEqual({ today: 120, peak: 120 });
    s.step();
    expect(s.liquidityUsed()).toEqual({ today: 0, peak: 120 });
    expect(s.summary().peak_liquidity_used).toBe(120);
  });
});
