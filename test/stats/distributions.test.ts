// The distribution functions and tests against values computed independently of @stdlib:
// published t tables, closed forms of the t CDF, textbook examples and hand-worked cases.
import { describe, expect, it } from 'vitest';
import { normalTwoSidedLogP, pairedTTest, tCdf, tQuantile, wilcoxonSignedRank } from '../../src/stats/distributions.js';

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
    expect(r).toEqual({ v: 14, p: 0.125, log_p: Math.log(0.125), method: 'exact' });
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
    expect(wilcoxonSignedRank([0, 0, 0, 0])).toEqual({ v: 0, p: 1, log_p: 0, method: 'exact' });
  });
});

// Small p values (issue 26: compare printed `p (Wilcoxon) < 1e-300` where p ≈ 7e-17, because the
// normal tail was computed as 2·(1 − Φ(|z|)), which is 0 past |z| ≈ 8.3). References: two-sided
// p = erfc(|z|/√2) and its natural log, computed with mpmath at 50 digits (an implementation
// independent of @stdlib), written here as literals.
const NORMAL_TAIL: ReadonlyArray<readonly [number, number, number]> = [
  // [z, p, ln p]
  [0.5, 0.61707507745197379, -0.4827645810336733],
  [1, 0.3173105078629141, -1.1478744644493182],
  [1.96, 0.049995790296440872, -2.9958164711696933],
  [3, 0.0026997960632601891, -5.9145790409504042],
  [5, 5.7330314375838782e-7, -14.37185121342878],
  [8, 1.2441921148543568e-15, -34.320289979354605],
  [8.3, 1.0411139489780508e-16, -36.801070243188309],
  [8.5, 1.8959069644406637e-17, -38.504249247657724],
  [10, 1.5239706048321052e-23, -52.538137969952525],
  [15, 7.3419323986255018e-51, -115.43823766515175],
  [20, 5.5072482372124674e-89, -203.22400819053732],
  [25, 6.1133934127651218e-138, -315.94626082746031],
  [30, 9.8134278542963741e-198, -453.62809677578325],
  [37, 1.1451142445049154e-299, -688.33743839633065],
  [38, 5.7708567201375686e-316, -725.86406883826018],
  [40, 7.3117870818300594e-350, -803.91529483319384],
];

describe('two-sided normal tail in log space', () => {
  it.each(NORMAL_TAIL)('|z| = %s: p and ln p to 12 significant digits (either sign of z)', (z, p, logP) => {
    for (const sign of [1, -1]) {
      const got = normalTwoSidedLogP(sign * z);
      expect(Math.abs(got - logP) / Math.abs(logP)).toBeLessThan(1e-12);
      // exp(ln p) as a double: relative precision holds down to the normal doubles (~2.2e-308);
      // 5.8e-316 is subnormal (fewer digits) and 7.3e-350 is below every double.
      if (p > 1e-307) expect(Math.abs(Math.exp(got) - p) / p).toBeLessThan(1e-12);
    }
  });

  it('z = 0: p = 1', () => {
    expect(normalTwoSidedLogP(0)).toBe(0);
  });
});

describe('Wilcoxon p values that are small', () => {
  it('normal approximation, 200 pairs all positive and distinct: p = 1.4470017348102425e-34', () => {
    // V = 200·201/2 = 20 100, E[V] = 10 050, Var = 200·201·401/24 = 671 675;
    // z = (20 100 − 10 050 − 0.5)/√671 675 = 12.262100253080336; p = erfc(z/√2) (mpmath).
    const r = wilcoxonSignedRank(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(r.method).toBe('normal');
    expect(r.v).toBe(20_100);
    expect(Math.abs(r.p - 1.4470017348102425e-34) / 1.4470017348102425e-34).toBeLessThan(1e-10);
  });

  it('normal approximation past the doubles: 3 000 pairs, ln p = −1129.2726299071918 (p ≈ 3.66e-491)', () => {
    // z = (4 501 500 − 2 250 750 − 0.5)/√(3000·3001·6001/24) = 47.438106387978482 (mpmath).
    const r = wilcoxonSignedRank(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect(r.p).toBe(0);
    expect(Math.abs(r.log_p - -1129.2726299071918) / 1129.2726299071918).toBeLessThan(1e-10);
  });

  // Exact two-sided p = 2·P(V ≥ v) (or 2·P(V ≤ v)), from the signed-rank counts by dynamic
  // programming over exact integers (Python fractions), independent of @stdlib.
  it.each([
    [50, 1275, 1.7763568394002505e-15],
    [50, 1270, 1.7763568394002505e-14],
    [40, 780, 1.5819750842638314e-8],
    [30, 450, 2.5518238544464111e-7],
    [30, 400, 0.00028326362371444702],
    [20, 190, 0.0007076263427734375],
    [20, 150, 0.097307205200195313],
    [10, 50, 0.01953125],
  ])('exact: n = %s, V = %s → p = %s', (n, v, p) => {
    // Differences 1..n, the smallest ones negative until V (the sum of positive ranks) is v:
    // the negative ranks sum to N − v, N = n(n+1)/2, and are taken greedily from the top down.
    const signs = new Array<number>(n).fill(1);
    let negative = (n * (n + 1)) / 2 - v;
    for (let rank = n; rank >= 1 && negative > 0; rank--) {
      if (rank <= negative) {
        signs[rank - 1] = -1;
        negative -= rank;
      }
    }
    const r = wilcoxonSignedRank(signs.map((s, i) => s * (i + 1)));
    expect(r.v).toBe(v);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.p - p) / p).toBeLessThan(1e-12);
    // The mirrored sample (every sign flipped) has V' = N − v and the same two-sided p.
    expect(Math.abs(wilcoxonSignedRank(signs.map((s, i) => -s * (i + 1))).p - p) / p).toBeLessThan(1e-12);
  });
});
