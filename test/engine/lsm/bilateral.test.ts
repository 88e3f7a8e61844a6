// Bilateral offsetting (engine.md §6.1), numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { payment } from '../../helpers/scenario.js';
import { balances, eventsOf, lsmSim, settledBy } from './helpers.js';

const pairsOnly = { enabled: true, cycle_detection: false } as const;

describe('§6.1 bilateral offsetting', () => {
  it('A→B 500 000 and B→A 500 000 with 100 000 each: both settle, no balance moves', () => {
    const { sim, events } = lsmSim({
      agents: [
        { id: 'A', opening_balance: 100_000 },
        { id: 'B', opening_balance: 100_000 },
      ],
      lsm: pairsOnly,
      events: [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'A', 500_000, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['bilateral', 'bilateral']);
    expect(balances(sim)).toEqual({ A: 100_000, B: 100_000 });
    expect(sim.state.q2).toEqual([]);
    const [event] = eventsOf(events, 'lsm_bilateral');
    expect(event!.data).toEqual({ agents: ['A', 'B'], payment_ids: [0, 1], gross: 1_000_000, net: 0, net_payer: null });
  });

  it('the step is atomic for the day metrics: no liquidity used, no dip recorded', () => {
    // Settled one by one, A would pass through −400 000; as one step it never leaves 100 000.
    const { sim } = lsmSim({
      agents: [
        { id: 'A', opening_balance: 100_000 },
        { id: 'B', opening_balance: 100_000 },
      ],
      ticksPerDay: 1,
      lsm: pairsOnly,
      events: [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'A', 500_000, 9)],
    });
    sim.step();
    const days = sim.results().agent_days;
    expect(days.map((d) => [d.agent, d.min_balance, d.max_balance, d.liquidity_used, d.sent_bilateral])).toEqual([
      ['A', 100_000, 100_000, 0, 1],
      ['B', 100_000, 100_000, 0, 1],
    ]);
    expect(sim.results().summary.peak_liquidity_used).toBe(0);
    expect(sim.results().summary.settled_by.bilateral).toBe(2);
  });

  it('A→B 500 000 vs B→A 300 000, A 200 000, B 100 000: A pays the net 200 000 → A 0, B 300 000', () => {
    const { sim, events } = lsmSim({
      agents: [
        { id: 'A', opening_balance: 200_000 },
        { id: 'B', opening_balance: 100_000 },
      ],
      ticksPerDay: 1,
      lsm: pairsOnly,
      events: [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'A', 300_000, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['bilateral', 'bilateral']);
    expect(balances(sim)).toEqual({ A: 0, B: 300_000 });
    expect(eventsOf(events, 'lsm_bilateral')[0]!.data).toMatchObject({ gross: 800_000, net: 200_000, net_payer: 'A' });
    // Liquidity used is the net position, not the gross 500 000.
    expect(sim.results().agent_days.map((d) => d.liquidity_used)).toEqual([200_000, 0]);
  });

  it('same pair with A at 199 999 and no credit: nothing settles and nothing moves', () => {
    const { sim, events } = lsmSim({
      agents: [
        { id: 'A', opening_balance: 199_999 },
        { id: 'B', opening_balance: 100_000 },
      ],
      lsm: pairsOnly,
      events: [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'A', 300_000, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual([null, null]);
    expect(balances(sim)).toEqual({ A: 199_999, B: 100_000 });
    expect(sim.state.q2).toEqual([0, 1]);
    expect(eventsOf(events, 'lsm_bilateral')).toEqual([]);
  });

  it('credit and posted collateral count as available liquidity (199 999 + credit 1 settles)', () => {
    const { sim } = lsmSim({
      agents: [
        { id: 'A', opening_balance: 199_998, credit_limit: 1, posted_collateral: 1 },
        { id: 'B', opening_balance: 100_000 },
      ],
      lsm: pairsOnly,
      events: [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'A', 300_000, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['bilateral', 'bilateral']);
    expect(balances(sim)).toEqual({ A: -2, B: 300_000 });
  });

  it('three payments each way of 200 000 with zero balances all settle', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }],
      lsm: pairsOnly,
      events: [
        payment(0, 'A', 'B', 200_000, 9),
        payment(0, 'B', 'A', 200_000, 9),
        payment(0, 'A', 'B', 200_000, 9),
        payment(0, 'B', 'A', 200_000, 9),
        payment(0, 'A', 'B', 200_000, 9),
        payment(0, 'B', 'A', 200_000, 9),
      ],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(Array(6).fill('bilateral'));
    expect(balances(sim)).toEqual({ A: 0, B: 0 });
  });

  it('pairs go in ascending id order, each checked against the balances the earlier pairs left', () => {
    // Zero balances except through offsetting. Pair {A, C}: C→A 100 vs A→C 50 — C owes 50 and
    // has nothing, so it fails if tried first. Pair {B, C}: B→C 100 vs C→B 40, B pays 60 (B has 60).
    // Ascending order: {A, C} is tried before {B, C}, so {A, C} fails and {B, C} settles (C +60);
    // the next iteration (max_iterations 2) retries {A, C} with C at 60: it settles.
    const spec = (iterations: number) =>
      lsmSim({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 60 }, { id: 'C' }],
        lsm: { ...pairsOnly, max_iterations: iterations },
        events: [
          payment(0, 'C', 'A', 100, 9),
          payment(0, 'A', 'C', 50, 9),
          payment(0, 'B', 'C', 100, 9),
          payment(0, 'C', 'B', 40, 9),
        ],
      });
    const once = spec(1).sim;
    once.step();
    expect(settledBy(once)).toEqual([null, null, 'bilateral', 'bilateral']);
    expect(balances(once)).toEqual({ A: 0, B: 0, C: 60 });
    const twice = spec(2).sim;
    twice.step();
    expect(settledBy(twice)).toEqual(['bilateral', 'bilateral', 'bilateral', 'bilateral']);
    expect(balances(twice)).toEqual({ A: 50, B: 0, C: 10 });
  });

  it('a Q2 retry pass follows a bilateral settlement in the same iteration', () => {
    // A→B 100 and B→A 100 offset; B→C 30 waits in Q2 (B has 0). Offsetting leaves B at 0 still, so
    // make A→B larger: A→B 130 (A has 30) vs B→A 100: B ends at +30 and the retry pass pays B→C 30.
    const { sim } = lsmSim({
      agents: [{ id: 'A', opening_balance: 30 }, { id: 'B' }, { id: 'C' }],
      lsm: { ...pairsOnly, max_iterations: 1 },
      events: [payment(0, 'B', 'C', 30, 9), payment(0, 'A', 'B', 130, 9), payment(0, 'B', 'A', 100, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['queue', 'bilateral', 'bilateral']);
    expect(balances(sim)).toEqual({ A: 0, B: 0, C: 30 });
    expect(sim.state.q2).toEqual([]);
  });

  it('bilateral_offsetting: false leaves a settleable pair alone', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }],
      lsm: { enabled: true, bilateral_offsetting: false },
      events: [payment(0, 'A', 'B', 10, 9), payment(0, 'B', 'A', 10, 9)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual([null, null]);
  });
});
