// Step 8: liquidity-saving mechanisms (engine.md §6). Up to max_iterations iterations, stopping
// after one that settles nothing. pairs_and_cycles: bilateral offsetting, then cycles, each
// followed by a Q2 retry pass when it settled anything. multilateral: the batch of §6.4 instead,
// followed by a retry pass. multilateral_then_pairs: the batch, then bilateral and cycles on what
// it left, all within each iteration.

import type { LsmConfig } from '../config.js';
import { q2RetryPass } from '../settlement.js';
import type { SimState } from '../state.js';
import { AtomicStep } from './atomic.js';
import { runBilateral } from './bilateral.js';
import { CycleSearch } from './cycles.js';
import { Q2Graph } from './graph.js';
import { MultilateralBatch } from './multilateral.js';

/** The LSM's reusable buffers for one run, kept beside (not inside) its SimState. */
class LsmScratch {
  readonly graph: Q2Graph;
  readonly step = new AtomicStep();
  readonly cycles: CycleSearch;
  readonly batch: MultilateralBatch;

  constructor(state: SimState) {
    this.graph = new Q2Graph(state);
    this.cycles = new CycleSearch(state.numAgents);
    this.batch = new MultilateralBatch(state.numAgents);
  }
}

const scratchOf = new WeakMap<SimState, LsmScratch>();

function scratchFor(state: SimState): LsmScratch {
  let scratch = scratchOf.get(state);
  if (scratch === undefined) {
    scratch = new LsmScratch(state);
    scratchOf.set(state, scratch);
  }
  return scratch;
}

/** Runs the configured LSM on Q2. Called only when the LSM is enabled, on and Q2 is not empty. */
export function runLsm(state: SimState): void {
  const config = state.config.lsm_config;
  const scratch = scratchFor(state);
  // The graph is keyed by q2Version; rebuild it at least once a tick in case something (a
  // checkpoint restore) replaced Q2 without the version moving past the one it was built for.
  scratch.graph.builtVersion = -1;
  const tick: TickState = { cyclesSettled: 0, truncationReported: false, fruitlessAt: -1 };
  const batch = config.algorithm !== 'pairs_and_cycles';
  const pairs = config.algorithm !== 'multilateral';
  for (let iteration = 0; iteration < config.max_iterations; iteration++) {
    let settled = 0;
    if (batch) settled += withRetry(state, scratch.batch.run(state, scratch.graph, scratch.step));
    if (pairs && config.bilateral_offsetting) {
      settled += withRetry(state, runBilateral(state, scratch.graph, scratch.step));
    }
    if (pairs && config.cycle_detection) settled += withRetry(state, cyclePass(state, scratch, config, tick));
    // An iteration that settled nothing leaves the state as it found it: the next would too.
    if (settled === 0 || state.q2Live === 0) break;
  }
}

interface TickState {
  /** Cycles settled so far in this tick (max_cycles_per_tick bounds the whole tick). */
  cyclesSettled: number;
  truncationReported: boolean;
  /** state.q2Version after a cycle pass of this tick that settled nothing; -1: none. */
  fruitlessAt: number;
}

/** After a mechanism settled anything, one Q2 retry pass (which also compacts Q2, keeping its order). */
function withRetry(state: SimState, settled: number): number {
  return settled > 0 ? settled + q2RetryPass(state) : 0;
}

function cyclePass(state: SimState, scratch: LsmScratch, config: LsmConfig, tick: TickState): number {
  const budget = config.max_cycles_per_tick - tick.cyclesSettled;
  // With the tick's cycle budget spent no cycle can settle, whatever the search would find.
  if (budget <= 0) return 0;
  // Q2 as it was at a pass of this tick that settled nothing: the same graph, and (only Q2
  // settlements move money inside the LSM, and each moves q2Version) the same balances and limit
  // positions, so the same search would find the same cycles, none of them feasible, and any
  // truncation was reported then. (A sixth of the 200-bank scenario's searches.)
  if (tick.fruitlessAt === state.q2Version) return 0;
  scratch.graph.refresh(state);
  const result = scratch.cycles.run(state, scratch.graph, scratch.step, config, budget);
  tick.cyclesSettled += result.cycles;
  tick.fruitlessAt = result.cycles === 0 ? state.q2Version : -1;
  if (result.truncated && !tick.truncationReported) {
    tick.truncationReported = true;
    if (state.recordingEvents) {
      state.emit('lsm_search_truncated', null, null, {
        max_cycle_search_steps: config.max_cycle_search_steps,
        cycles_found: result.found,
      });
    }
  }
  return result.settled;
}
