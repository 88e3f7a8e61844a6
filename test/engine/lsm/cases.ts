// Random LSM cases and an exact oracle, shared by test/engine/lsm/properties.test.ts and
// bench/lsm-optimum.ts: a few agents with balances and credit, up to 14 queued payments, and an
// exhaustive search over every subset of the queue (at most 12) for the largest set that can
// settle at once.
import fc from 'fast-check';
import type { LsmAlgorithm } from '../../../src/engine/config.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { releaseAll } from '../../helpers/policies.js';
import { config, payment } from '../../helpers/scenario.js';

export interface Case {
  readonly agents: { balance: number; credit: number; posted: number }[];
  readonly payments: { sender: number; receiver: number; amount: number }[];
}

export const caseArb: fc.Arbitrary<Case> = fc.integer({ min: 2, max: 5 }).chain((n) =>
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

export interface Prepared {
  readonly sim: Simulation;
  /** Q2 before the LSM step, in order. */
  readonly queued: number[];
  readonly before: number[];
}

/** Runs tick 0 without the LSM (RTGS entry and the retry pass fill Q2), ready for runLsm. */
export function prepare(c: Case, algorithm: LsmAlgorithm, lsm: Record<string, number | boolean> = {}): Prepared {
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
export function feasible(sim: Simulation, balances: readonly number[], ids: readonly number[]): boolean {
  const net = new Array<number>(balances.length).fill(0);
  for (const id of ids) {
    const tx = sim.state.txs[id]!;
    net[tx.sender]! -= tx.amount;
    net[tx.receiver]! += tx.amount;
  }
  return net.every((x, agent) => x >= 0 || -x <= available(sim, balances, agent));
}

/** The largest number of queued payments that can settle at once (exhaustive over subsets). */
export function optimum(sim: Simulation, balances: readonly number[], queued: readonly number[]): number {
  let best = 0;
  const subset: number[] = [];
  for (let mask = 1; mask < 1 << queued.length; mask++) {
    subset.length = 0;
    for (let i = 0; i < queued.length; i++) if (mask & (1 << i)) subset.push(queued[i]!);
    if (subset.length > best && feasible(sim, balances, subset)) best = subset.length;
  }
  return best;
}

export const ALGORITHMS: readonly LsmAlgorithm[] = ['pairs_and_cycles', 'multilateral', 'multilateral_then_pairs'];
