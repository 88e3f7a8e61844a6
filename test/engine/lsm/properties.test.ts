// Properties of every LSM step (engine.md §6.3) over random Q2 contents and balances, and a
// comparison with an exact oracle: exhaustive search over every subset of the queued payments
// (at most 12) for the largest set that can settle at once. How often each algorithm falls short
// of that optimum is a figure, not a check: `npm run bench -- lsm-optimum`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runLsm } from '../../../src/engine/lsm/index.js';
import type { Simulation } from '../../../src/engine/simulation.js';
import { ALGORITHMS, caseArb, feasible, optimum, prepare } from './cases.js';

describe('§6.3 invariants of an LSM step (random Q2 contents and balances)', () => {
  for (const algorithm of ALGORITHMS) {
    it(`${algorithm}: no agent beyond its limit, Σ balances unchanged, whole payments, a feasible set`, () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const { sim, queued, before } = prepare(c, algorithm);
          const state = sim.state;
          runLsm(state);
          const settled = queued.filter((id) => state.txs[id]!.status === 'settled');
          // Whole payments only; balances moved by exactly the settled amounts.
          const expected = before.slice();
          for (const id of settled) {
            const tx = state.txs[id]!;
            expect(tx.remaining).toBe(0);
            expected[tx.sender]! -= tx.amount;
            expected[tx.receiver]! += tx.amount;
          }
          expect(Array.from(state.balances)).toEqual(expected);
          expect(expected.reduce((s, x) => s + x, 0)).toBe(before.reduce((s, x) => s + x, 0));
          for (let agent = 0; agent < state.numAgents; agent++) {
            expect(state.balances[agent]!).toBeGreaterThanOrEqual(-(state.creditLimits[agent]! + state.posted[agent]!));
          }
          // What the step settled, taken together, was feasible from the state before it.
          expect(feasible(sim, before, settled)).toBe(true);
          // Q2 holds what is left, in its original order.
          expect(state.q2).toEqual(queued.filter((id) => state.txs[id]!.status === 'queued_q2'));
          expect(state.q2Live).toBe(state.q2.length);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('never settles more than the exact optimum (the oracle is sound)', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...ALGORITHMS), (c, algorithm) => {
        const { sim, queued, before } = prepare(c, algorithm);
        fc.pre(queued.length <= 12);
        runLsm(sim.state);
        const settled = queued.filter((id) => sim.state.txs[id]!.status === 'settled').length;
        expect(settled).toBeLessThanOrEqual(optimum(sim, before, queued));
      }),
      { numRuns: 200 },
    );
  });
});

describe('§6.4 the batch does not depend on which short agent goes first', () => {
  /** The batch with short agents served in the order `pick` chooses (an independent implementation). */
  function batchInOrder(sim: Simulation, queued: readonly number[], pick: (short: number[]) => number): number[] {
    const state = sim.state;
    const batch = queued.slice();
    for (;;) {
      const net = new Array<number>(state.numAgents).fill(0);
      for (const id of batch) {
        const tx = state.txs[id]!;
        net[tx.sender]! -= tx.amount;
        net[tx.receiver]! += tx.amount;
      }
      const short = net
        .map((x, agent) => (x < 0 && -x > state.available(agent) ? agent : -1))
        .filter((agent) => agent >= 0);
      if (short.length === 0) return batch;
      const agent = pick(short);
      // Its most recently queued payment: Q2 is in entry order, so the last one of its in the batch.
      let last = -1;
      for (let i = 0; i < batch.length; i++) if (state.txs[batch[i]!]!.sender === agent) last = i;
      batch.splice(last, 1);
    }
  }

  it('lowest id first (the engine), highest id first and random orders give the same batch', () => {
    fc.assert(
      fc.property(caseArb, fc.infiniteStream(fc.nat()), (c, choices) => {
        const { sim, queued } = prepare(c, 'multilateral', { max_iterations: 1 });
        const highest = batchInOrder(sim, queued, (short) => Math.max(...short));
        const random = batchInOrder(sim, queued, (short) => short[choices.next().value % short.length]!);
        expect(random).toEqual(highest);
        runLsm(sim.state);
        const engine = queued.filter((id) => sim.state.txs[id]!.settledBy === 'multilateral');
        expect(engine).toEqual(highest);
      }),
      { numRuns: 300 },
    );
  });
});
