// Settlement rules of engine.md §5 steps 4–7, with numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { holdAll, releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

function sim(spec: Parameters<typeof config>[0], policies = spec.agents.map(() => releaseAll())) {
  return new Simulation(config(spec), policies);
}

describe('RTGS entry (step 6)', () => {
  it('settles at once when balance + credit covers the payment, else queues it', () => {
    // A: balance 100 000, credit 50 000 → can pay up to 150 000.
    // tx0 120 000 settles (A → −20 000); tx1 40 000 > 30 000 available → Q2.
    const s = sim({
      agents: [{ id: 'A', opening_balance: 100_000, credit_limit: 50_000 }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 120_000, 5), payment(0, 'A', 'B', 40_000, 5)],
    });
    s.step();
    const [tx0, tx1] = s.state.txs;
    expect(tx0!.status).toBe('settled');
    expect(tx0!.settledBy).toBe('rtgs');
    expect(tx1!.status).toBe('queued_q2');
    expect(Array.from(s.state.balances)).toEqual([-20_000, 120_000]);
    expect(s.state.q2).toEqual([1]);
  });

  it('an amount exactly equal to available liquidity settles', () => {
    const s = sim({
      agents: [{ id: 'A', opening_balance: 10, credit_limit: 5, posted_collateral: 5 }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 20, 5)],
    });
    s.step();
    expect(s.state.txs[0]!.status).toBe('settled');
    expect(s.state.balances[0]).toBe(-10);
  });
});

describe('Q2 retry (step 7): FIFO, non-blocking', () => {
  it('a payment that cannot settle does not block a later one that can', () => {
    // Tick 0: A (0) → B 100 queues; C (0) → B 10 queues. Tick 1: C receives 10 from D, so
    // C's payment settles by the queue pass while A's stays first in line.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D', opening_balance: 10 }],
      events: [payment(0, 'A', 'B', 100, 9), payment(0, 'C', 'B', 10, 9), payment(1, 'D', 'C', 10, 9)],
    });
    s.step();
    expect(s.state.q2).toEqual([0, 1]);
    s.step();
    expect(s.state.txs[1]!.status).toBe('settled');
    expect(s.state.txs[1]!.settledBy).toBe('queue');
    expect(s.state.txs[1]!.settledTick).toBe(1);
    expect(s.state.q2).toEqual([0]);
    expect(Array.from(s.state.balances)).toEqual([0, 10, 0, 0]);
  });

  it('recycles liquidity within a tick: money received at step 6 pays a queued payment at step 7', () => {
    // A has 0 and releases A→C 100 (queued at step 6, A goes first by id); B then pays B→A 100 by
    // RTGS; the step-7 pass settles A→C in the same tick.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B', opening_balance: 100 }, { id: 'C' }],
      events: [payment(0, 'A', 'C', 100, 5), payment(0, 'B', 'A', 100, 5)],
    });
    s.step();
    expect(s.state.txs[0]!.settledBy).toBe('queue');
    expect(s.state.txs[0]!.settledTick).toBe(0);
    expect(s.state.txs[1]!.settledBy).toBe('rtgs');
    expect(Array.from(s.state.balances)).toEqual([0, 0, 100]);
  });

  it('keeps queue order and re-tests every payment each tick', () => {
    // Q2 = [A→B 50, A→B 30], A has 40: the 30 settles (second), the 50 waits.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'Z', opening_balance: 40 }],
      events: [payment(0, 'A', 'B', 50, 9), payment(0, 'A', 'B', 30, 9), payment(1, 'Z', 'A', 40, 9)],
    });
    s.run(2);
    expect(s.state.txs[1]!.status).toBe('settled');
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    expect(s.state.balances[0]).toBe(10);
  });
});

describe('expiry and deadline penalties', () => {
  it('drops a held Q1 payment at the first tick past its deadline and charges the sender', () => {
    // Deadline 3: held at ticks 0..3, dropped at step 4 of tick 4 with penalty 50 000.
    const s = sim(
      { agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', 100, 3)], costs: { deadline_penalty: 50_000 } },
      [holdAll(), holdAll()],
    );
    s.run(4);
    expect(s.state.txs[0]!.status).toBe('queued_q1');
    s.step();
    const tx = s.state.txs[0]!;
    expect(tx.status).toBe('dropped');
    expect(tx.dropReason).toBe('expired');
    expect(tx.deadlinePenalty).toBe(50_000);
    expect(s.state.costs.deadline[0]).toBe(50_000);
    expect(s.state.q1[0]).toEqual([]);
  });

  it('drops an expired Q2 payment during the retry pass with the penalty', () => {
    // A cannot pay; due at tick 2; still queued after tick 2, dropped at tick 3.
    const s = sim({
      agents: [{ id: 'A' }, { id: 'B' }],
      events: [payment(0, 'A', 'B', 100, 2)],
      costs: { deadline_penalty: 7_000 },
    });
    s.run(3);
    expect(s.state.txs[0]!.status).toBe('queued_q2');
    s.step();
    expect(s.state.txs[0]!.status).toBe('dropped');
    expect(s.state.costs.deadline[0]).toBe(7_000);
    expect(s.state.q2).toEqual([]);
    expect(s.state.q2Live).toBe(0);
    expect(s.state.q2Total).toBe(0);
  });

  it('a policy Drop charges the deadline penalty too and says so', () => {
    const events: string[] = [];
    const s = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }], events: [payment(0, 'A', 'B', 100, 9)], costs: { deadline_penalty: 500 } }),
      [scriptedPolicy('dropper', () => ({ action: 'Drop', nodeId: 'A1' })), releaseAll()],
      { events: (e) => events.push(`${e.type}:${String(('reason' in e.data ? e.data.reason : undefined) ?? '')}`) },
    );
    s.step();
    expect(s.state.txs[0]!.dropReason).toBe('policy');
    expect(s.state.costs.deadline[0]).toBe(500);
    expect(events).toContain('drop:policy');
  });
});

describe('external submission', () => {
  it('enters Q1 at the current tick and is decided by the next processed tick', () => {
    const s = sim({ agents: [{ id: 'A', opening_balance: 500 }, { id: 'B' }] });
    s.run(3);
    const id = s.submitPayment({ sender: 0, receiver: 1, amount: 200, deadlineTick: 10 });
    const tx = s.state.txs[id]!;
    expect(tx.arrivalTick).toBe(3);
    expect(tx.origin).toBe('external');
    expect(s.state.q1[0]).toEqual([id]);
    s.step();
    expect(tx.status).toBe('settled');
    expect(tx.settledTick).toBe(3);
    expect(Array.from(s.state.balances)).toEqual([300, 200]);
  });
});
