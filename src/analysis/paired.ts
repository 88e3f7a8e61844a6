// Paired statistics for one metric (runner.md §4): runs of two variants with the same seed and the
// same grid point saw identical arrivals (common random numbers), so their difference isolates the
// policy. Differences are always candidate − baseline; "improvement" flips the sign where lower is
// better, so that positive always means the candidate is better.

import { mean } from 'simple-statistics';
import { bootstrapMeanInterval, type BootstrapOptions } from './bootstrap.js';
import { pairedTTest, wilcoxonSignedRank } from '../stats/distributions.js';
import { tInterval } from '../stats/summary.js';
import { type Direction, improvement } from './metrics.js';

/** One pair: the same seed (and grid point) under both variants. */
export interface Pair {
  /** What identifies the pair in messages and the worst-pair report, e.g. the seed and grid point. */
  readonly key: string;
  readonly seed: string;
  readonly baseline: number;
  readonly candidate: number;
}

export interface WorstPair {
  readonly key: string;
  readonly seed: string;
  readonly baseline: number;
  readonly candidate: number;
  readonly difference: number;
}

export interface PairedStats {
  readonly n: number;
  readonly direction: Direction;
  readonly baseline_mean: number;
  readonly candidate_mean: number;
  /** mean(candidate − baseline). */
  readonly mean_difference: number;
  /** The same, signed so that positive means the candidate is better. */
  readonly mean_improvement: number;
  /** 95% (or the chosen level) t interval of the mean difference; null below 2 pairs. */
  readonly ci_t: readonly [number, number] | null;
  /** Percentile bootstrap interval of the mean difference (fixed seed). */
  readonly ci_bootstrap: readonly [number, number];
  /** Paired t statistic; null below 2 pairs, or when every difference is the same non-zero value (t = ±∞). */
  readonly t: number | null;
  readonly df: number;
  /** Two-sided paired t p value; null below 2 pairs. */
  readonly p_t: number | null;
  /** Two-sided Wilcoxon signed-rank p value; null below 2 pairs. */
  readonly p_wilcoxon: number | null;
  readonly wilcoxon_method: 'exact' | 'normal' | null;
  /** Share of pairs where the candidate is strictly better / strictly worse. */
  readonly share_improved: number;
  readonly share_worse: number;
  /** The pair where the candidate did worst (least improvement; first such pair by key order given). */
  readonly worst_pair: WorstPair;
}

export interface PairedOptions {
  /** Coverage of both intervals (default 0.95). */
  readonly confidence?: number;
  readonly bootstrap?: BootstrapOptions;
}

export function pairedStats(pairs: readonly Pair[], direction: Direction, options: PairedOptions = {}): PairedStats {
  const n = pairs.length;
  if (n === 0) throw new RangeError('paired statistics need at least one pair');
  const confidence = options.confidence ?? 0.95;
  const diffs = pairs.map((p) => p.candidate - p.baseline);
  const meanDiff = mean(diffs);
  let improved = 0;
  let worse = 0;
  let worst = pairs[0]!;
  let worstGain = Infinity;
  for (const pair of pairs) {
    const gain = improvement(direction, pair.baseline, pair.candidate);
    if (gain > 0) improved++;
    else if (gain < 0) worse++;
    if (gain < worstGain) {
      worstGain = gain;
      worst = pair;
    }
  }
  let ciT: [number, number] | null = null;
  let t: number | null = null;
  let pT: number | null = null;
  let pW: number | null = null;
  let method: 'exact' | 'normal' | null = null;
  if (n >= 2) {
    const interval = tInterval(diffs, confidence)!;
    ciT = [interval[0], interval[1]];
    const test = pairedTTest(diffs);
    t = Number.isFinite(test.t) ? test.t : null;
    pT = test.p;
    const w = wilcoxonSignedRank(diffs);
    pW = w.p;
    method = w.method;
  }
  return {
    n,
    direction,
    baseline_mean: mean(pairs.map((p) => p.baseline)),
    candidate_mean: mean(pairs.map((p) => p.candidate)),
    mean_difference: meanDiff,
    mean_improvement: direction === 'lower' ? -meanDiff : meanDiff,
    ci_t: ciT,
    ci_bootstrap: bootstrapMeanInterval(diffs, { confidence, ...options.bootstrap }),
    t,
    df: n - 1,
    p_t: pT,
    p_wilcoxon: pW,
    wilcoxon_method: method,
    share_improved: improved / n,
    share_worse: worse / n,
    worst_pair: {
      key: worst.key,
      seed: worst.seed,
      baseline: worst.baseline,
      candidate: worst.candidate,
      difference: worst.candidate - worst.baseline,
    },
  };
}
