// The multilateral batch (engine.md §6.4) and how the algorithms combine, numbers worked by hand.
import { describe, expect, it } from 'vitest';
import type { LsmAlgorithm } from '../../../src/engine/config.js';
import { payment } from '../../helpers/scenario.js';
import { balances, eventsOf, lsmSim, settledBy } from './helpers.js';

const batch = (algorithm: LsmAlgorithm = 'multilateral') => ({ enabled: true, algorithm }) as const;

describe('§6.4 multilateral batch', () => {
  it('removes the most recently queued payment of the short agent, not another', () => {
    // Zero liquidity; Q2 = [tx0 A→B 100, tx1 B→C 100, tx2 C→A 100, tx3 A→C 50].
    // A: out 150, in 100 → short by 50 → A's latest, tx3, leaves → A and C net 0 → the ring settles.
    // (Removing A's earliest, tx0, would make B short, then C, then A again: nothing would settle.)
    const { sim, events } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { ...batch(), max_iterations: 1 },
      events: [
        payment(0, 'A', 'B', 100, 9),
        payment(0, 'B', 'C', 100, 9),
        payment(0, 'C', 'A', 100, 9),
        payment(0, 'A', 'C', 50, 9),
      ],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['multilateral', 'multilateral', 'multilateral', null]);
    expect(sim.state.q2).toEqual([3]);
    expect(eventsOf(events, 'lsm_multilateral').map((e) => e.data)).toEqual([
      { count: 3, gross_value: 300, liquidity_used: 0, payment_ids: [0, 1, 2] },
    ]);
    expect(sim.results().summary.settled_by.multilateral).toBe(3);
  });

  it('a removal can make its receiver short: the removals cascade', () => {
    // Zero liquidity; Q2 = [tx0 B→A 100, tx1 A→B 100, tx2 A→C 30, tx3 C→B 30].
    // A: out 130, in 100 → short → tx2 leaves; now C: out 30, in 0 → short → tx3 leaves;
    // B: out 100, in 100. The pair tx0, tx1 settles.
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { ...batch(), max_iterations: 1 },
      events: [
        payment(0, 'B', 'A', 100, 9),
        payment(0, 'A', 'B', 100, 9),
        payment(0, 'A', 'C', 30, 9),
        payment(0, 'C', 'B', 30, 9),
      ],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['multilateral', 'multilateral', null, null]);
    expect(sim.state.q2).toEqual([2, 3]);
  });

  it('several short agents: the lowest id gives up a payment first (the outcome is the same in any order)', () => {
    // Zero liquidity; Q2 = [tx0 A→B 10, tx1 B→A 10, tx2 A→C 5, tx3 B→C 7]. A (out 15, in 10)
    // and B (out 17, in 10) are both short. A drops tx2, then B drops tx3; the pair settles.
    // Starting with B gives the same batch (see the confluence property in properties.test.ts).
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { ...batch(), max_iterations: 1 },
      events: [
        payment(0, 'A', 'B', 10, 9),
        payment(0, 'B', 'A', 10, 9),
        payment(0, 'A', 'C', 5, 9),
        payment(0, 'B', 'C', 7, 9),
      ],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['multilateral', 'multilateral', null, null]);
  });

  describe('available liquidity (credit) covers a net payer', () => {
    // Q2 = [tx0 A→B 100, tx1 B→C 100, tx2 C→A 100, tx3 A→C 70, tx4 C→A 10]; only A has credit.
    // A: out 170, in 110 → net outflow 60. C: out 110, in 170. B: 100 each way.
    const events = [
      payment(0, 'A', 'B', 100, 9),
      payment(0, 'B', 'C', 100, 9),
      payment(0, 'C', 'A', 100, 9),
      payment(0, 'A', 'C', 70, 9),
      payment(0, 'C', 'A', 10, 9),
    ];

    it('credit 60 ≥ 60: the whole batch settles, A ends at −60', () => {
      const { sim } = lsmSim({
        agents: [{ id: 'A', credit_limit: 60 }, { id: 'B' }, { id: 'C' }],
        lsm: { ...batch(), max_iterations: 1 },
        events,
      });
      sim.step();
      expect(settledBy(sim)).toEqual(Array(5).fill('multilateral'));
      expect(balances(sim)).toEqual({ A: -60, B: 0, C: 60 });
    });

    it('credit 59: A gives up tx3, which leaves C short by 10: C gives up tx4; the ring settles', () => {
      const { sim } = lsmSim({
        agents: [{ id: 'A', credit_limit: 59 }, { id: 'B' }, { id: 'C' }],
        lsm: { ...batch(), max_iterations: 1 },
        events,
      });
      sim.step();
      expect(settledBy(sim)).toEqual(['multilateral', 'multilateral', 'multilateral', null, null]);
      expect(balances(sim)).toEqual({ A: 0, B: 0, C: 0 });
    });
  });

  it('liquidity used in the event is Σ of the net payers’ net amounts', () => {
    // A→B 300 (A has 200), B→A 100: A net payer 200. Batch settles both.
    const { sim, events } = lsmSim({
      agents: [{ id: 'A', opening_balance: 200 }, { id: 'B' }],
      lsm: { ...batch(), max_iterations: 1 },
      events: [payment(0, 'A', 'B', 300, 9), payment(0, 'B', 'A', 100, 9)],
    });
    sim.step();
    expect(eventsOf(events, 'lsm_multilateral')[0]!.data).toMatchObject({ count: 2, gross_value: 400, liquidity_used: 200 });
    expect(balances(sim)).toEqual({ A: 0, B: 200 });
  });
});

describe('§6.4 counterexample: zero liquidity, Q2 = [A→X 100, A→B 10, B→A 10]', () => {
  // Batch: A short (out 110, in 10) → A→B leaves; A still short (100 > 0) → A→X leaves; B now
  // short (out 10, in 0) → B→A leaves: nothing settles. Bilateral offsetting settles the pair.
  function run(algorithm: LsmAlgorithm) {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'X' }],
      lsm: batch(algorithm),
      events: [payment(0, 'A', 'X', 100, 9), payment(0, 'A', 'B', 10, 9), payment(0, 'B', 'A', 10, 9)],
    });
    sim.step();
    return sim;
  }

  it('multilateral settles nothing', () => {
    const sim = run('multilateral');
    expect(settledBy(sim)).toEqual([null, null, null]);
    expect(balances(sim)).toEqual({ A: 0, B: 0, X: 0 });
  });

  it('pairs_and_cycles settles the pair', () => {
    expect(settledBy(run('pairs_and_cycles'))).toEqual([null, 'bilateral', 'bilateral']);
  });

  it('multilateral_then_pairs settles the pair (by the pairs stage)', () => {
    expect(settledBy(run('multilateral_then_pairs'))).toEqual([null, 'bilateral', 'bilateral']);
  });
});

describe('multilateral_then_pairs', () => {
  it('runs the batch first: what the batch can settle is settled by the batch', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: batch('multilateral_then_pairs'),
      events: [payment(0, 'A', 'B', 10, 9), payment(0, 'B', 'C', 10, 9), payment(0, 'C', 'A', 10, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['multilateral', 'multilateral', 'multilateral']);
  });

  it('honours bilateral_offsetting: false in its pairs stage', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'X' }],
      lsm: { ...batch('multilateral_then_pairs'), bilateral_offsetting: false },
      events: [payment(0, 'A', 'X', 100, 9), payment(0, 'A', 'B', 10, 9), payment(0, 'B', 'A', 10, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual([null, null, null]);
  });
});
