// The few distribution functions and tests the comparison needs, taken from @stdlib (tested
// against published tables in test/analysis/distributions.test.ts) rather than written here.
// This module is the only place that imports them: their typings are loose (`Function` fields,
// `export =`), so each is wrapped in a narrow, documented signature.

import tCdfImpl from '@stdlib/stats-base-dists-t-cdf';
import tQuantileImpl from '@stdlib/stats-base-dists-t-quantile';
import ttestImpl from '@stdlib/stats-ttest';
import wilcoxonImpl from '@stdlib/stats-wilcoxon';

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
  /** Two-sided p value. */
  readonly p: number;
  /** Exact distribution (n ≤ 50, no ties, no zeros) or the normal approximation with continuity correction. */
  readonly method: 'exact' | 'normal';
}

/**
 * Wilcoxon signed-rank test of the differences against 0, two-sided. Zero differences are
 * dropped (Wilcoxon's method, R's default). All differences zero → V = 0, p = 1.
 */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  const n = differences.length;
  if (n < 2) throw new RangeError(`Wilcoxon signed-rank test needs at least 2 pairs, got ${n}`);
  const nonZero = differences.filter((d) => d !== 0);
  if (nonZero.length === 0) return { v: 0, p: 1, method: 'exact' };
  const result = wilcoxonImpl(differences.slice(), { alternative: 'two-sided', zeroMethod: 'wilcox', correction: true });
  const exact = nonZero.length === n && isExactCase(nonZero);
  // Doubling a one-sided exact tail can exceed 1 when V sits at the centre.
  return { v: exactV(nonZero), p: Math.min(1, result.pValue), method: exact ? 'exact' : 'normal' };
}

/** Mirrors @stdlib's choice (given no zeros were dropped): exact when n ≤ 50 and no ties among |d|. */
function isExactCase(nonZero: readonly number[]): boolean {
  if (nonZero.length > 50) return false;
  const abs = nonZero.map(Math.abs);
  return new Set(abs).size === abs.length;
}

/** V computed from midranks of |d| (the statistic in the normal case is a z score, not V). */
function exactV(nonZero: readonly number[]): number {
  const order = nonZero.map((d, i) => ({ a: Math.abs(d), i })).sort((x, y) => x.a - y.a);
  const ranks = new Array<number>(nonZero.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.a === order[start]!.a) end++;
    const midrank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = midrank;
    start = end + 1;
  }
  let v = 0;
  for (let i = 0; i < nonZero.length; i++) if (nonZero[i]! > 0) v += ranks[i]!;
  return v;
}
