// Cycle settlement (engine.md §6.2), numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { type ScenarioEvent } from '../../../src/engine/config.js';
import { payment } from '../../helpers/scenario.js';
import { balances, eventsOf, lsmSim, settledBy } from './helpers.js';

const cyclesOnly = { enabled: true, bilateral_offsetting: false } as const;

function ring(ids: readonly string[], amount: number, tick = 0): ScenarioEvent[] {
  return ids.map((id, i) => payment(tick, id, ids[(i + 1) % ids.length]!, amount, tick + 9));
}

describe('§6.2 cycles', () => {
  it('a 3-ring of equal amounts settles at zero liquidity', () => {
    const { sim, events } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: cyclesOnly,
      events: ring(['A', 'B', 'C'], 1_000),
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle']);
    expect(balances(sim)).toEqual({ A: 0, B: 0, C: 0 });
    expect(eventsOf(events, 'lsm_cycle').map((e) => e.data)).toEqual([
      { agents: ['A', 'B', 'C'], payment_ids: [0, 1, 2], gross_value: 3_000, liquidity_used: 0 },
    ]);
  });

  it('a 4-ring of equal amounts settles at zero liquidity', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
      lsm: cyclesOnly,
      events: ring(['A', 'B', 'C', 'D'], 1_000),
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle', 'cycle']);
    expect(balances(sim)).toEqual({ A: 0, B: 0, C: 0, D: 0 });
  });

  it('every queued payment on the edges is in the set (two payments A→B)', () => {
    // A→B 300 + 200, B→C 500, C→A 500: nets all zero.
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: cyclesOnly,
      events: [
        payment(0, 'A', 'B', 300, 9),
        payment(0, 'B', 'C', 500, 9),
        payment(0, 'A', 'B', 200, 9),
        payment(0, 'C', 'A', 500, 9),
      ],
    });
    sim.step();
    expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle', 'cycle']);
  });

  describe('A→B 500 000, B→C 700 000, C→A 600 000: B is the only net payer (200 000)', () => {
    // Nets: A +600 000 − 500 000 = +100 000; B +500 000 − 700 000 = −200 000; C +700 000 − 600 000 = +100 000.
    const events = [payment(0, 'A', 'B', 500_000, 9), payment(0, 'B', 'C', 700_000, 9), payment(0, 'C', 'A', 600_000, 9)];

    it('B with 200 000: the whole cycle settles, B ends at 0', () => {
      const { sim, events: log } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 200_000 }, { id: 'C' }],
        lsm: cyclesOnly,
        ticksPerDay: 1,
        events,
      });
      sim.step();
      expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle']);
      expect(balances(sim)).toEqual({ A: 100_000, B: 0, C: 100_000 });
      expect(eventsOf(log, 'lsm_cycle')[0]!.data).toMatchObject({ gross_value: 1_800_000, liquidity_used: 200_000 });
      expect(sim.results().agent_days.map((d) => d.liquidity_used)).toEqual([0, 200_000, 0]);
    });

    it('B with 199 999: nothing settles and no balance moves', () => {
      const { sim, events: log } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 199_999 }, { id: 'C' }],
        lsm: cyclesOnly,
        events,
      });
      sim.step();
      expect(settledBy(sim)).toEqual([null, null, null]);
      expect(balances(sim)).toEqual({ A: 0, B: 199_999, C: 0 });
      expect(sim.state.q2).toEqual([0, 1, 2]);
      expect(eventsOf(log, 'lsm_cycle')).toEqual([]);
    });
  });

  it('max_cycle_length: 3 leaves a 4-ring alone (and 4 settles it)', () => {
    for (const [length, expected] of [
      [3, null],
      [4, 'cycle'],
    ] as const) {
      const { sim } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        lsm: { ...cyclesOnly, max_cycle_length: length },
        events: ring(['A', 'B', 'C', 'D'], 1_000),
      });
      sim.step();
      expect(settledBy(sim)).toEqual(Array(4).fill(expected));
    }
  });

  it('a 5-ring needs max_cycle_length ≥ 5', () => {
    const ids = ['A', 'B', 'C', 'D', 'E'];
    for (const [length, expected] of [
      [4, null],
      [5, 'cycle'],
    ] as const) {
      const { sim } = lsmSim({
        agents: ids.map((id) => ({ id })),
        lsm: { ...cyclesOnly, max_cycle_length: length },
        events: ring(ids, 7),
      });
      sim.step();
      expect(settledBy(sim)).toEqual(Array(5).fill(expected));
    }
  });

  it('cycle_detection: false leaves a ring alone', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { enabled: true, cycle_detection: false },
      events: ring(['A', 'B', 'C'], 10),
    });
    sim.step();
    expect(settledBy(sim)).toEqual([null, null, null]);
  });

  describe('order: gross value descending, then agent list; overlapping cycles are skipped', () => {
    it('equal gross: [A, B, C] before [A, B, D]; the second shares A→B and is skipped', () => {
      // tx0 A→B 100, tx1 B→C 100, tx2 C→A 100, tx3 B→D 100, tx4 D→A 100: both cycles gross 300.
      const { sim } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        lsm: cyclesOnly,
        events: [
          payment(0, 'A', 'B', 100, 9),
          payment(0, 'B', 'C', 100, 9),
          payment(0, 'C', 'A', 100, 9),
          payment(0, 'B', 'D', 100, 9),
          payment(0, 'D', 'A', 100, 9),
        ],
      });
      sim.step();
      expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle', null, null]);
      expect(sim.state.q2).toEqual([3, 4]);
    });

    it('larger gross first; an infeasible cycle is passed over for the next', () => {
      // [A, B, D] has gross 100 + 200 + 200 = 500 > 300 but B owes 100 with nothing: infeasible.
      // [A, B, C] (300) is tried next and settles.
      const { sim } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }],
        lsm: cyclesOnly,
        events: [
          payment(0, 'A', 'B', 100, 9),
          payment(0, 'B', 'C', 100, 9),
          payment(0, 'C', 'A', 100, 9),
          payment(0, 'B', 'D', 200, 9),
          payment(0, 'D', 'A', 200, 9),
        ],
      });
      sim.step();
      expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle', null, null]);
    });

    it('with B able to pay 100, the larger cycle [A, B, D] goes first and [A, B, C] is skipped', () => {
      // A→B 150, B→C 150, C→A 150 (gross 450); B→D 250, D→A 250: [A, B, D] gross 650, B owes
      // 250 − 150 = 100 and has exactly 100 (too little for any of its payments alone).
      const { sim, events } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B', opening_balance: 100 }, { id: 'C' }, { id: 'D' }],
        lsm: { ...cyclesOnly, max_iterations: 1 },
        events: [
          payment(0, 'A', 'B', 150, 9),
          payment(0, 'B', 'C', 150, 9),
          payment(0, 'C', 'A', 150, 9),
          payment(0, 'B', 'D', 250, 9),
          payment(0, 'D', 'A', 250, 9),
        ],
      });
      sim.step();
      // A: −150 + 250 = +100; B: +150 − 250 = −100 → 0; D: 0. Neither B→C nor C→A can then pay.
      expect(settledBy(sim)).toEqual(['cycle', null, null, 'cycle', 'cycle']);
      expect(eventsOf(events, 'lsm_cycle').map((e) => e.data)).toEqual([
        { agents: ['A', 'B', 'D'], payment_ids: [0, 3, 4], gross_value: 650, liquidity_used: 100 },
      ]);
      expect(balances(sim)).toEqual({ A: 100, B: 0, C: 0, D: 0 });
    });
  });

  it('max_cycles_per_tick bounds the tick across iterations; the budget resets next tick', () => {
    // Three disjoint 3-rings with gross 900, 600, 300; at most 2 cycles per tick.
    const agents = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((id) => ({ id }));
    const { sim } = lsmSim({
      agents,
      lsm: { ...cyclesOnly, max_cycles_per_tick: 2, max_iterations: 5 },
      events: [...ring(['A', 'B', 'C'], 100), ...ring(['D', 'E', 'F'], 200), ...ring(['G', 'H', 'I'], 300)],
    });
    sim.step();
    expect(settledBy(sim)).toEqual([null, null, null, 'cycle', 'cycle', 'cycle', 'cycle', 'cycle', 'cycle']);
    sim.step();
    expect(sim.state.txs.slice(0, 3).map((tx) => [tx.settledBy, tx.settledTick])).toEqual([
      ['cycle', 1],
      ['cycle', 1],
      ['cycle', 1],
    ]);
  });

  describe('max_cycle_search_steps', () => {
    // Ring A→B→C→A. Visits: start A (1), B (2), C (3, closes the cycle); start B (4), C (5);
    // start C has no edge to a higher id and is not visited. Complete at 5 visits.
    function run(steps: number) {
      const result = lsmSim({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
        lsm: { ...cyclesOnly, max_cycle_search_steps: steps },
        events: ring(['A', 'B', 'C'], 10),
      });
      result.sim.step();
      return result;
    }

    it('5 visits complete the search: settled, no truncation event', () => {
      const { sim, events } = run(5);
      expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle']);
      expect(eventsOf(events, 'lsm_search_truncated')).toEqual([]);
    });

    it('4 visits: the cycle found before the bound is used, and the truncation is reported', () => {
      const { sim, events } = run(4);
      expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle']);
      expect(eventsOf(events, 'lsm_search_truncated').map((e) => e.data)).toEqual([
        { max_cycle_search_steps: 4, cycles_found: 1 },
      ]);
    });

    it('2 visits: the cycle is never reached', () => {
      const { sim, events } = run(2);
      expect(settledBy(sim)).toEqual([null, null, null]);
      expect(eventsOf(events, 'lsm_search_truncated')).toHaveLength(1);
    });

    it('the truncation event comes once per tick, however many iterations search', () => {
      // A bilateral pair D↔E settles in every iteration's first half, so iterations continue
      // (each truncated search settles nothing); new pairs arrive on the next tick.
      const { sim, events } = lsmSim({
        agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }, { id: 'E' }],
        lsm: { enabled: true, max_cycle_search_steps: 2, max_iterations: 3 },
        events: [
          ...ring(['A', 'B', 'C'], 10),
          payment(0, 'D', 'E', 5, 9),
          payment(0, 'E', 'D', 5, 9),
          payment(1, 'D', 'E', 5, 9),
          payment(1, 'E', 'D', 5, 9),
        ],
      });
      sim.step();
      sim.step();
      expect(eventsOf(events, 'lsm_search_truncated').map((e) => e.tick)).toEqual([0, 1]);
    });
  });
});
