// Racing (Maron & Moore's idea, with a paired test): a candidate is dropped once a one-sided
// paired t test on the seeds run so far says it is worse than the incumbent, so the budget goes
// to promising candidates. The statistics are compare's (src/analysis/paired.ts).

import { type PairedStats, pairedStats } from '../analysis/paired.js';
import type { Direction } from '../analysis/metrics.js';

export interface RacingOptions {
  /** Seeds a candidate runs before it can be dropped (≥ 2). */
  readonly minSeeds: number;
  /** One-sided level of the test that drops it. */
  readonly alpha: number;
  /** Seeds added per step after the first `minSeeds`. */
  readonly block: number;
}

export const DEFAULT_RACING: RacingOptions = { minSeeds: 3, alpha: 0.05, block: 2 };

/** Paired statistics of candidate vs incumbent on the seeds both ran (candidate's order). */
export function versus(
  candidate: ReadonlyMap<string, number>,
  incumbent: ReadonlyMap<string, number>,
  direction: Direction,
): PairedStats | null {
  const pairs = [...candidate]
    .filter(([seed]) => incumbent.has(seed))
    .map(([seed, value]) => ({ key: seed, seed, baseline: incumbent.get(seed)!, candidate: value }));
  if (pairs.length === 0) return null;
  // A few hundred resamples are enough for a decision aid; the confirmation uses compare's defaults.
  return pairedStats(pairs, direction, { bootstrap: { resamples: 200 } });
}

/** One-sided p value that the candidate is worse (null below 2 pairs). */
export function pWorse(stats: PairedStats): number | null {
  if (stats.p_t === null) return null;
  return stats.mean_improvement < 0 ? stats.p_t / 2 : 1 - stats.p_t / 2;
}

/** True when the candidate should be dropped now. */
export function racedOut(stats: PairedStats | null, options: RacingOptions): boolean {
  if (stats === null || stats.n < options.minSeeds) return false;
  const p = pWorse(stats);
  return p !== null && p < options.alpha;
}
