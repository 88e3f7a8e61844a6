// The few distribution functions and tests the comparison needs, taken from @stdlib (tested
// against published tables in test/stats/distributions.test.ts) rather than written here.
// This module is the only place that imports them: their typings are loose (`Function` fields,
// `export =`), so each is wrapped in a narrow, documented signature.

import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import ttestImpl from '@stdlib/stats-ttest';
import normalLogCdfImpl from '@stdlib/stats-base-dists-normal-logcdf';
import signrankCdfImpl from '@stdlib/stats-base-dists-signrank-cdf';

/** P(T ≤ x) for Student's t with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  return tCdfImpl(x, df);
}

/** The p-quantile of Student's t with `df` degrees of freedom (e.g. p = 0.975 for a 95% interval). */
export function tQuantile(p: number, df: number): number {
  return tQuantileImpl(p, df);
}

export interface TTestResult {
  /** The t statistic; ±Infinity when every difference is the same non-zero value. */
  readonly t: number;
  readonly df: number;
  /** Two-sided p value. */
  readonly p: number;
}

/**
 * Paired (one-sample on the differences) two-sided t test of mean 0. Needs at least two values.
 * Degenerate samples, where @stdlib would divide 0 by 0, get the natural answer: all differences
 * zero → t = 0, p = 1 (no evidence of any difference); all equal and non-zero → t = ±∞, p = 0.
 */
export function pairedTTest(differences: readonly number[]): TTestResult {
  const n = differences.length;
  if (n < 2) throw new RangeError(`paired t test needs at least 2 pairs, got ${n}`);
  const first = differences[0]!;
  if (differences.every((d) => d === first)) {
    if (first === 0) return { t: 0, df: n - 1, p: 1 };
    return { t: first > 0 ? Infinity : -Infinity, df: n - 1, p: 0 };
  }
  const result = ttestImpl(differences.slice(), { alternative: 'two-sided' });
  return { t: result.statistic, df: result.df, p: result.pValue };
}

export interface WilcoxonResult {
  /** V: the sum of the ranks of the positive differences (zeros dropped, as R's default). */
  readonly v: number;
  /** Two-sided p value (0 only below the smallest double, about 1e-308: see `log_p`). */
  readonly p: number;
  /** ln of the two-sided p value, finite however small p is. */
  readonly log_p: number;
  /** Exact distribution (n ≤ 50, no ties, no zeros) or the normal approximation with continuity correction. */
  readonly method: 'exact' | 'normal';
}

/**
 * ln of the two-sided normal tail, 2·P(Z ≥ |z|), from the log CDF of the lower tail. Never
 * `1 − Φ(|z|)`: that difference is 0 past |z| ≈ 8.3 (p ≈ 1e-16) and inaccurate well before, while
 * the lower tail keeps its relative precision (and its logarithm its value past the doubles' range).
 */
export function normalTwoSidedLogP(z: number): number {
  return Math.min(0, Math.LN2 + normalLogCdfImpl(-Math.abs(z), 0, 1));
}

/**
 * Wilcoxon signed-rank test of the differences against 0, two-sided, as R's wilcox.test (and
 * @stdlib's) computes it: zero differences are dropped (Wilcoxon's method); with n ≤ 50, no ties and
 * no zeros the exact distribution of V, else the normal approximation with the tie correction of
 * the variance and a continuity correction. The tails are computed where they are small — the exact
 * upper tail by the distribution's symmetry, P(V ≥ v) = P(V ≤ N − v) with N = n(n+1)/2, and the
 * normal tail in log space — so a p value keeps its digits however small. All differences zero →
 * V = 0, p = 1.
 */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  const n = differences.length;
  if (n < 2) throw new RangeError(`Wilcoxon signed-rank test needs at least 2 pairs, got ${n}`);
  const nonZero = differences.filter((d) => d !== 0);
  if (nonZero.length === 0) return { v: 0, p: 1, log_p: 0, method: 'exact' };
  const { v, tieGroups } = signedRanks(nonZero);
  const m = nonZero.length;
  const total = (m * (m + 1)) / 2;
  const centre = total / 2;
  if (m === n && m <= 50 && tieGroups.length === 0) {
    // P(V ≤ x) summed from the lower end: for v above the centre, by symmetry.
    const tail = v > centre ? signrankCdfImpl(total - v, m) : signrankCdfImpl(v, m);
    const p = Math.min(1, 2 * tail);
    return { v, p, log_p: Math.log(p), method: 'exact' };
  }
  const tieSum = tieGroups.reduce((acc, t) => acc + t * (t * t - 1), 0);
  const sd = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieSum / 2) / 24);
  const z = (v - centre - 0.5 * Math.sign(v - centre)) / sd;
  const logP = normalTwoSidedLogP(z);
  return { v, p: Math.min(1, Math.exp(logP)), log_p: logP, method: 'normal' };
}

/** V from midranks of |d|, and the sizes of the groups of tied |d| (those of 2 or more). */
function signedRanks(nonZero: readonly number[]): { v: number; tieGroups: number[] } {
  const order = nonZero.map((d, i) => ({ a: Math.abs(d), i })).sort((x, y) => x.a - y.a);
  const ranks = new Array<number>(nonZero.length);
  const tieGroups: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.a === order[start]!.a) end++;
    const midrank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = midrank;
    if (end > start) tieGroups.push(end - start + 1);
    start = end + 1;
  }
  let v = 0;
  for (let i = 0; i < nonZero.length; i++) if (nonZero[i]! > 0) v += ranks[i]!;
  return { v, tieGroups };
}
