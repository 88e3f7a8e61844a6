// Weighted draws for the generator: an index with probability ∝ its weight (cumulative sums and a
// binary search, so a draw costs O(log n) on networks of thousands of banks and links).

import type { Rng } from '../engine/rng.js';

/** Draws an index with probability ∝ weights[i]. */
export function weightedPicker(weights: ArrayLike<number>, rng: Rng): () => number {
  const n = weights.length;
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += weights[i]!;
  return () => {
    const t = rng.nextFloat() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
