// Percentile bootstrap interval of a mean, reproducible: resampling draws from our own seeded
// xorshift64* generator (src/engine/rng.ts), never Math.random, so the same pairs and seed give
// the same interval on every machine and in every run.

import { quantileSorted } from 'simple-statistics';
import { Rng } from '../engine/rng.js';

export interface BootstrapOptions {
  /** Number of resamples (default 2 000). */
  readonly resamples?: number;
  /** Generator seed (default 1). */
  readonly seed?: string | number;
  /** Two-sided coverage (default 0.95). */
  readonly confidence?: number;
}

/** The settings a comparison was made with, as its JSON document states them (seed as text: a u64). */
export interface BootstrapSettings {
  readonly resamples: number;
  readonly seed: string;
}

export const BOOTSTRAP_RESAMPLES_DEFAULT = 2_000;
export const BOOTSTRAP_SEED_DEFAULT = 1;
/** A bound on work per interval: resamples × n draws. */
export const BOOTSTRAP_RESAMPLES_MAX = 100_000;

/** [lower, upper]: the (1−c)/2 and (1+c)/2 quantiles of the means of `resamples` resamples. */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions = {}): [number, number] {
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap needs at least one value');
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES_DEFAULT;
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > BOOTSTRAP_RESAMPLES_MAX) {
    throw new RangeError(`bootstrap resamples must be an integer in [1, ${BOOTSTRAP_RESAMPLES_MAX}], got ${resamples}`);
  }
  const confidence = options.confidence ?? 0.95;
  const rng = new Rng(options.seed ?? BOOTSTRAP_SEED_DEFAULT);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[rng.nextBelow(n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const tail = (1 - confidence) / 2;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}
