// How step 8 runs (engine.md §6 preamble): on/off switches, iterations, Q2 order afterwards.
import { describe, expect, it } from 'vitest';
import { runLsm } from '../../../src/engine/lsm/index.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { releaseAll } from '../../helpers/policies.js';
import { config, payment } from '../../helpers/scenario.js';
import { balances, eventsOf, lsmSim, settledBy } from './helpers.js';

const gridlock = [payment(0, 'A', 'B', 100, 9), payment(0, 'B', 'C', 100, 9), payment(0, 'C', 'A', 100, 9)];

describe('switching the LSM', () => {
  it('enabled: false leaves gridlock in place', () => {
    const { sim, events } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { enabled: false },
      events: [...gridlock, payment(0, 'A', 'B', 5, 9), payment(0, 'B', 'A', 5, 9)],
    });
    sim.run(5);
    expect(settledBy(sim)).toEqual([null, null, null, null, null]);
    expect(events.filter((e) => e.type.startsWith('lsm_'))).toEqual([]);
  });

  it('an lsm_off scenario event holds the LSM back for its duration', () => {
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }],
      lsm: { enabled: true },
      events: [{ at_tick: 0, type: 'lsm_off', duration: 2 }, ...gridlock],
    });
    sim.run(2);
    expect(settledBy(sim)).toEqual([null, null, null]);
    sim.step();
    expect(sim.state.txs.map((tx) => [tx.settledBy, tx.settledTick])).toEqual([
      ['cycle', 2],
      ['cycle', 2],
      ['cycle', 2],
    ]);
  });

  it('no events are built without an event sink, and the outcome is the same', () => {
    const plain = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }], lsm: { enabled: true }, events: gridlock }),
      [releaseAll(), releaseAll(), releaseAll()],
    );
    plain.step();
    expect(settledBy(plain)).toEqual(['cycle', 'cycle', 'cycle']);
  });
});

describe('iterations', () => {
  // A chain that needs one more iteration per link: pair {D, E} settles and pays D enough for
  // the pair {C, D}, and so on (each pair's net payer is funded by the previous pair).
  // E→D 10 vs D→E 0… built as: pair {D,E}: E→D 20, D→E 10 (E has 10) → D +10.
  // pair {C,D}: D→C 20, C→D 10 → D owes 10, funded by the first pair → C +10.
  // pair {B,C}: C→B 20, B→C 10 → C owes 10, funded by the second pair.
  // Pairs go in ascending id order, so {B,C} and {C,D} are tried (and fail) before {D,E} in each
  // iteration: iteration k settles exactly one more pair.
  const chain = [
    payment(0, 'E', 'D', 20, 9),
    payment(0, 'D', 'E', 10, 9),
    payment(0, 'D', 'C', 20, 9),
    payment(0, 'C', 'D', 10, 9),
    payment(0, 'C', 'B', 20, 9),
    payment(0, 'B', 'C', 10, 9),
  ];
  const agents = [{ id: 'B' }, { id: 'C' }, { id: 'D' }, { id: 'E', opening_balance: 10 }];

  it.each([
    [1, [true, true, false, false, false, false]],
    [2, [true, true, true, true, false, false]],
    [3, [true, true, true, true, true, true]],
  ])('max_iterations %i settles %j', (iterations, expected) => {
    const { sim } = lsmSim({
      agents,
      lsm: { enabled: true, cycle_detection: false, max_iterations: iterations },
      events: chain,
    });
    sim.step();
    expect(sim.state.txs.map((tx) => tx.status === 'settled')).toEqual(expected);
  });

  it('stops after an iteration that settles nothing', () => {
    const { sim, events } = lsmSim({
      agents,
      lsm: { enabled: true, max_iterations: 10, max_cycle_search_steps: 1 },
      events: chain,
    });
    sim.step();
    // Three settling iterations, then one that settles nothing: four truncated searches, but
    // the truncation event is reported once.
    expect(eventsOf(events, 'lsm_bilateral')).toHaveLength(3);
    expect(eventsOf(events, 'lsm_search_truncated')).toHaveLength(1);
    expect(balances(sim)).toEqual({ B: 10, C: 0, D: 0, E: 0 });
  });
});

describe('Q2 after the LSM', () => {
  it('keeps the order of what is left and holds no settled entries', () => {
    // tx0 A→X 50 (A 0) waits; tx1..tx3 a ring settle; tx4 B→X 7 waits; tx5 C→X 9 waits.
    const { sim } = lsmSim({
      agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'X' }],
      lsm: { enabled: true },
      events: [
        payment(0, 'A', 'X', 50, 9),
        payment(0, 'A', 'B', 100, 9),
        payment(0, 'B', 'X', 7, 9),
        payment(0, 'B', 'C', 100, 9),
        payment(0, 'C', 'X', 9, 9),
        payment(0, 'C', 'A', 100, 9),
      ],
    });
    sim.step();
    // The 3-ring A→B→C→A has gross 300 and zero nets; every other payment needs liquidity.
    expect(sim.state.q2).toEqual([0, 2, 4]);
    expect(sim.state.q2Live).toBe(3);
    expect(Array.from(sim.state.q2CountsOut)).toEqual([1, 1, 1, 0]);
    expect(sim.state.q2Value()).toBe(66);
  });

  it('runLsm can be called on a prepared state (unit use) and does nothing on an empty Q2', () => {
    const sim = new Simulation(
      config({ agents: [{ id: 'A' }, { id: 'B' }, { id: 'C' }], lsm: { enabled: false }, events: gridlock }),
      [releaseAll(), releaseAll(), releaseAll()],
    );
    sim.step();
    expect(sim.state.q2).toEqual([0, 1, 2]);
    runLsm(sim.state);
    expect(settledBy(sim)).toEqual(['cycle', 'cycle', 'cycle']);
    runLsm(sim.state);
    expect(sim.state.q2).toEqual([]);
  });
});
