// Step 8: liquidity-saving mechanisms (engine.md §6).
// STUB: the LSM issue replaces this with bilateral offsetting, cycles and the multilateral batch.

import type { SimState } from '../state.js';

/** Runs the configured LSM on Q2. Called only when the LSM is enabled, on and Q2 is not empty. */
export function runLsm(state: SimState): void {
  void state;
}
