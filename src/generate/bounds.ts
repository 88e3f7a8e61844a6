// Liquidity bounds of a generated day's payment orders, computed by the engine's own bookkeeping
// (engine/liquidity-bounds.ts, docs/liquidity.md), so the generator's report and a run's
// per-agent-day bounds are one definition: UB = the largest cumulative net outflow of the bank's
// orders in arrival order, from 0; LB = max(0, net outflow over the day). Σ LB / Σ UB says how
// much an LSM could save: near 1, flows are one-way and nothing nets; near 0, almost all offsets.

import { liquidityLowerBound, recordOrderForBounds } from '../engine/liquidity-bounds.js';
import { newDayMetrics } from '../engine/metrics.js';

export interface Bounds {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly lowerTotal: number;
  readonly upperTotal: number;
}

/**
 * Bounds over the orders `order[0..]` (indices into the columns, in arrival order), skipping those
 * with `skip[i] === 1`.
 */
export function dayBounds(
  banks: number,
  order: Int32Array,
  sender: Int32Array,
  receiver: Int32Array,
  amount: Float64Array,
  skip: Uint8Array | null,
): Bounds {
  const day = newDayMetrics(banks);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (skip !== null && skip[i] === 1) continue;
    recordOrderForBounds(day, sender[i]!, receiver[i]!, amount[i]!);
  }
  const lower = new Float64Array(banks);
  let lowerTotal = 0;
  let upperTotal = 0;
  for (let b = 0; b < banks; b++) {
    lower[b] = liquidityLowerBound(day, b);
    lowerTotal += lower[b]!;
    upperTotal += day.liquidity_upper_bound[b]!;
  }
  return { lower, upper: day.liquidity_upper_bound, lowerTotal, upperTotal };
}
