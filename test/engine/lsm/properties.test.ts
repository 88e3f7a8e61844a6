// Properties of every LSM step (engine.md §6.3) over random Q2 contents and balances, and a
// comparison with an exact oracle: exhaustive search over every subset of the queued payments
// (at most 12) for the largest set that can settle at once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LsmAlgorithm } from '../../../src/engine/config.js';
import { runLsm } from '../../../src/engine/lsm/index.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { releaseAll } from '../../helpers/policies.js';
import { config, payment } from '../../helpers/scenario.js';

interface Case {
  readonly agents: { balance: number; credit: number; posted: number }[];
  readonly payments: { sender: number; receiver: number; amount: number }[];
}

const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    agents: fc.array(
      fc.record({
        balance: fc.integer({ min: 0, max: 400 }),
        credit: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200 })),
        posted: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })),
      }),
      { minLength: n, maxLength: n },
    ),
    payments: fc.array(
      fc
        .record({
          sender: fc.integer({ min: 0, max: n - 1 }),
          offset: fc.integer({ min: 1, max: n - 1 }),
          amount: fc.integer({ min: 1, max: 600 }),
        })
        .map(({ sender, offset, amount }) => ({ sender, receiver: (sender + offset) % n, amount })),
      { minLength: 1, maxLength: 14 },
    ),
  }),
);

// Ids chosen so that configuration order differs from id order (ranks are exercised).
const IDS = ['D', 'B', 'E', 'A', 'C'];

interface Prepared {
  readonly sim: Simulation;
  /** Q2 before the LSM step, in order. */
  readonly queued: number[];
  readonly before: number[];
}

/** Runs tick 0 without the LSM (RTGS entry and the retry pass fill Q2), ready for runLsm. */
function prepare(c: Case, algorithm: LsmAlgorithm, lsm: Record<string, number | boolean> = {}): Prepared {
  const ids = IDS.slice(0, c.agents.length);
  const sim = new Simulation(
    config({
      agents: c.agents.map((a, i) => ({
        id: ids[i]!,
        opening_balance: a.balance,
        credit_limit: a.credit,
        posted_collateral: a.posted,
      })),
      // Disabled so that step() stops before step 8; runLsm is then called by hand.
      lsm: { enabled: false, algorithm, ...lsm },
      events: c.payments.map((p) => payment(0, ids[p.sender]!, ids[p.receiver]!, p.amount, 9)),
    }),
    c.agents.map(() => releaseAll()),
  );
  sim.step();
  sim.state.tick = 0; // step 8 belongs to the tick just processed
  return { sim, queued: sim.state.q2.slice(), before: Array.from(sim.state.balances) };
}

function available(sim: Simulation, balances: readonly number[], agent: number): number {
  return balances[agent]! + sim.state.creditLimits[agent]! + sim.state.posted[agent]!;
}

/** True when the payments `ids` can settle at once from `balances`: every net payer covers its net. */
function feasible(sim: Simulation, balances: readonly number[], ids: readonly number[]): boolean {
  const net = new Array<number>(balances.length).fill(0);
  for (const id of ids) {
    const tx = sim.state.txs[id]!;
    net[tx.sender]! -= tx.amount;
    net[tx.receiver]! += tx.amount;
  }
  return net.every((x, agent) => x >= 0 || -x <= available(sim, balances, agent));
}

/** The largest number of queued payments that can settle at once (exhaustive over subsets). */
function optimum(sim: Simulation, balances: readonly number[], queued: readonly number[]): number {
  let best = 0;
  const subset: number[] = [];
  for (let mask = 1; mask < 1 << queued.length; mask++) {
    subset.length = 0;
    for (let i = 0; i < queued.length; i++) if (mask & (1 << i)) subset.push(queued[i]!);
    if (subset.length > best && feasible(sim, balances, subset)) best = subset.length;
  }
  return best;
}

const ALGORITHMS: readonly LsmAlgorithm[] = ['pairs_and_cycles', 'multilateral', 'multilateral_then_pairs'];

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

describe('how often each algorithm falls short of the optimum (printed, not asserted)', () => {
  it('prints the figures over a fixed sample of 400 cases', () => {
    const sample = fc.sample(caseArb, { seed: 20_240_601, numRuns: 400 });
    const lines: string[] = [];
    for (const algorithm of ALGORITHMS) {
      let cases = 0;
      let short = 0;
      let missing = 0;
      let possible = 0;
      for (const c of sample) {
        const { sim, queued, before } = prepare(c, algorithm);
        if (queued.length === 0 || queued.length > 12) continue;
        const best = optimum(sim, before, queued);
        runLsm(sim.state);
        const settled = queued.filter((id) => sim.state.txs[id]!.status === 'settled').length;
        cases++;
        possible += best;
        missing += best - settled;
        if (settled < best) short++;
      }
      lines.push(
        `${algorithm.padEnd(24)} short of the optimum in ${short}/${cases} cases ` +
          `(${((100 * short) / cases).toFixed(1)}%), settling ${possible - missing}/${possible} of the optimal payments`,
      );
    }
    console.log(`LSM vs exact optimum (largest feasible subset of Q2, by count):\n${lines.join('\n')}`);
    expect(lines).toHaveLength(3);
  });
});
