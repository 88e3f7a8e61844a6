// The mean and the t interval of a list of numbers, written once for every layer that averages
// (analysis, the frontier, the optimiser, the CLI). The mean is simple-statistics' (a compensated
// sum); the empty list has one answer everywhere: null (there is no mean of nothing).

import { mean as ssMean, sampleStandardDeviation } from 'simple-statistics';
import { tQuantile } from './distributions.js';

/** The mean of `xs`, or null when there is none. */
export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : ssMean(xs as number[]);
}

/**
 * The `confidence` t interval of the mean of `xs` (n ≥ 2): mean ± t(1 − (1 − confidence)/2, n − 1)
 * · s/√n; null below 2 values.
 */
export function tInterval(xs: readonly number[], confidence = 0.95): readonly [number, number] | null {
  if (xs.length < 2) return null;
  const m = ssMean(xs as number[]);
  const half = tQuantile(1 - (1 - confidence) / 2, xs.length - 1) * (sampleStandardDeviation(xs as number[]) / Math.sqrt(xs.length));
  return [m - half, m + half];
}
