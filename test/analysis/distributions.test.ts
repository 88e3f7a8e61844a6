// The distribution functions and tests against values computed independently of @stdlib:
// published t tables, closed forms of the t CDF, textbook examples and hand-worked cases.
import { describe, expect, it } from 'vitest';
import { pairedTTest, tCdf, tQuantile, wilcoxonSignedRank } from '../../src/analysis/distributions.js';

describe('Student t quantiles match published tables (6 decimals)', () => {
  // Upper percentage points, e.g. NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2,
  // "Critical values of the Student's t distribution".
  const table: Array<[p: number, df: number, t: number]> = [
    [0.975, 9, 2.262157],
    [0.975, 29, 2.04523],
    [0.975, 1, 12.706205],
    [0.95, 1, 6.313752],
    [0.995, 4, 4.604095],
    [0.99, 10, 2.763769],
    [0.975, 100, 1.983972],
    [0.9, 5, 1.475884],
  ];
  for (const [p, df, t] of table) {
    it(`t_{${p}, ${df}} = ${t}`, () => {
      expect(Math.abs(tQuantile(p, df) - t)).toBeLessThan(5e-7);
      // The lower tail is the mirror image.
      expect(Math.abs(tQuantile(1 - p, df) + t)).toBeLessThan(5e-7);
    });
  }
});

describe('Student t CDF is right to 1e-6', () => {
  it('inverts the table values', () => {
    expect(Math.abs(tCdf(2.262157, 9) - 0.975)).toBeLessThan(1e-6);
    expect(Math.abs(tCdf(2.04523, 29) - 0.975)).toBeLessThan(1e-6);
    expect(Math.abs(tCdf(-4.604095, 4) - 0.005)).toBeLessThan(1e-6);
  });

  it('matches the closed form for 1 degree of freedom (Cauchy): 1/2 + atan(x)/π', () => {
    for (const x of [-30, -2.5, -1, -0.1, 0, 0.3, 1, 4, 100]) {
      expect(Math.abs(tCdf(x, 1) - (0.5 + Math.atan(x) / Math.PI))).toBeLessThan(1e-9);
    }
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12);
  });

  it('matches the closed form for 2 degrees of freedom: 1/2 + x / (2·sqrt(2 + x²))', () => {
    for (const x of [-12, -3, -0.7, 0, 0.25, 1.5, 8]) {
      expect(Math.abs(tCdf(x, 2) - (0.5 + x / (2 * Math.sqrt(2 + x * x))))).toBeLessThan(1e-9);
    }
  });

  it('tends to the standard normal for large df: Φ(1.959964) = 0.975', () => {
    expect(Math.abs(tCdf(1.959964, 1e7) - 0.975)).toBeLessThan(1e-6);
  });
});

describe('paired t test: Student (1908) sleep data', () => {
  // "The probable error of a mean", Biometrika 6(1):1–25, 1908; the data of Cushny & Peebles as
  // R's `sleep` data set. Extra hours of sleep under two drugs for the same 10 patients.
  // R: t.test(extra ~ group, data = sleep, paired = TRUE) → t = -4.0621, df = 9,
  // p-value = 0.002833, mean difference -1.58, 95% CI [-2.4598858, -0.7001142].
  const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
  const diffs = drug1.map((x, i) => x - drug2[i]!);

  it('gives t = -4.0621 with 9 df and p = 0.002833', () => {
    const r = pairedTTest(diffs);
    expect(r.t).toBeCloseTo(-4.0621, 4);
    expect(r.df).toBe(9);
    expect(r.p).toBeCloseTo(0.002833, 6);
  });

  it('degenerate samples: all zero → t 0, p 1; all equal non-zero → p 0', () => {
    expect(pairedTTest([0, 0, 0])).toEqual({ t: 0, df: 2, p: 1 });
    expect(pairedTTest([2, 2, 2, 2])).toEqual({ t: Infinity, df: 3, p: 0 });
    expect(() => pairedTTest([1])).toThrow(/at least 2/);
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('hand-worked exact case: d = 3, −1, 4, 2, 6', () => {
    // |d| ranks: 1→1, 2→2, 3→3, 4→4, 6→5; positive ranks 3 + 4 + 2 + 5 → V = 14.
    // Under H0 each of the 2^5 = 32 sign patterns is equally likely; V ≥ 14 means the negative
    // ranks sum to ≤ 1: {} or {1} → 2 patterns. One tail 2/32, two-sided p = 4/32 = 0.125.
    const r = wilcoxonSignedRank([3, -1, 4, 2, 6]);
    expect(r).toEqual({ v: 14, p: 0.125, method: 'exact' });
  });

  it('Hollander & Wolfe (1973, p. 29) depression scores: V = 40, p = 0.03906', () => {
    // The example in R's ?wilcox.test: wilcox.test(x, y, paired = TRUE) → V = 40, p-value = 0.03906
    // (exact: 20 of 512 sign patterns are at least as extreme).
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(x.map((v, i) => v - y[i]!));
    expect(r.v).toBe(40);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.p - 20 / 512)).toBeLessThan(1e-12);
  });

  it('hand-worked normal approximation with a zero and ties: d = 1, 2, 3, −4, 5, 5, 0, 7', () => {
    // Zero dropped → n = 7; ranks 1, 2, 3, 4, 5.5, 5.5, 7; V = 1+2+3+5.5+5.5+7 = 24.
    // E[V] = 7·8/4 = 14; Var = 7·8·15/24 − (2³−2)/48 = 34.875; continuity-corrected
    // z = (24 − 14 − 0.5)/√34.875 = 1.6086682753357464; p = erfc(z/√2) = 0.10768889629273512
    // (Python's math.erfc, independent of @stdlib).
    const r = wilcoxonSignedRank([1, 2, 3, -4, 5, 5, 0, 7]);
    expect(r.v).toBe(24);
    expect(r.method).toBe('normal');
    expect(Math.abs(r.p - 0.10768889629273512)).toBeLessThan(1e-9);
  });

  it('all differences zero: p = 1', () => {
    expect(wilcoxonSignedRank([0, 0, 0, 0])).toEqual({ v: 0, p: 1, method: 'exact' });
  });
});
