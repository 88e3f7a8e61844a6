// Paired statistics on hand-checkable data; the sleep data again for the interval.
import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from '../../src/analysis/bootstrap.js';
import { holmAdjust } from '../../src/analysis/holm.js';
import { improvement } from '../../src/analysis/metrics.js';
import { type Pair, pairedStats } from '../../src/analysis/paired.js';

const pairsOf = (baseline: readonly number[], candidate: readonly number[]): Pair[] =>
  baseline.map((b, i) => ({ key: String(i + 1), seed: String(i + 1), baseline: b, candidate: candidate[i]! }));

describe('paired statistics', () => {
  // Student's sleep data (Biometrika 1908; R `sleep`): baseline = drug 2, candidate = drug 1.
  // R: t.test(drug1, drug2, paired = TRUE) → mean difference -1.58, 95% CI [-2.4598858, -0.7001142].
  const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  it('mean difference, t interval and p as R gives them', () => {
    const s = pairedStats(pairsOf(drug2, drug1), 'higher');
    expect(s.n).toBe(10);
    expect(s.baseline_mean).toBeCloseTo(2.33, 12);
    expect(s.candidate_mean).toBeCloseTo(0.75, 12);
    expect(s.mean_difference).toBeCloseTo(-1.58, 12);
    expect(s.ci_t![0]).toBeCloseTo(-2.4598858, 6);
    expect(s.ci_t![1]).toBeCloseTo(-0.7001142, 6);
    expect(s.t).toBeCloseTo(-4.0621, 4);
    expect(s.p_t).toBeCloseTo(0.002833, 6);
    // More sleep is better here: drug 1 is worse, by 1.58 hours.
    expect(s.mean_improvement).toBeCloseTo(-1.58, 12);
    // Pair 5 is a tie (−0.1 both); the other 9 are worse for drug 1.
    expect(s.share_improved).toBe(0);
    expect(s.share_worse).toBeCloseTo(0.9, 12);
    // Worst pair: patient 9, 0.0 vs 4.6.
    expect(s.worst_pair).toEqual({ key: '9', seed: '9', baseline: 4.6, candidate: 0, difference: -4.6 });
    // Wilcoxon with a zero difference → normal approximation.
    expect(s.wilcoxon_method).toBe('normal');
    expect(s.ci_bootstrap[0]).toBeLessThan(s.mean_difference);
    expect(s.ci_bootstrap[1]).toBeGreaterThan(s.mean_difference);
  });

  it('direction decides improvement: lower cost is better', () => {
    const s = pairedStats(pairsOf([100, 200, 300], [90, 150, 310]), 'lower');
    // differences −10, −50, +10: mean −50/3; improvement +50/3.
    expect(s.mean_difference).toBeCloseTo(-50 / 3, 12);
    expect(s.mean_improvement).toBeCloseTo(50 / 3, 12);
    expect(s.share_improved).toBeCloseTo(2 / 3, 12);
    expect(s.worst_pair.seed).toBe('3');
    expect(improvement('lower', 100, 90)).toBe(10);
    expect(improvement('higher', 0.9, 0.95)).toBeCloseTo(0.05, 12);
  });

  it('identical variants: zero difference, p = 1, degenerate intervals at 0', () => {
    const s = pairedStats(pairsOf([5, 7, 9, 11], [5, 7, 9, 11]), 'lower');
    expect(s.mean_difference).toBe(0);
    expect(s.ci_t).toEqual([0, 0]);
    expect(s.ci_bootstrap).toEqual([0, 0]);
    expect(s.p_t).toBe(1);
    expect(s.p_wilcoxon).toBe(1);
    expect(s.share_improved).toBe(0);
    expect(s.share_worse).toBe(0);
  });

  it('one pair: no test, no t interval', () => {
    const s = pairedStats(pairsOf([5], [4]), 'lower');
    expect(s.p_t).toBeNull();
    expect(s.ci_t).toBeNull();
    expect(s.ci_bootstrap).toEqual([-1, -1]);
  });
});

describe('bootstrap interval', () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];

  it('is reproducible for a seed and changes with it', () => {
    const a = bootstrapMeanInterval(values, { seed: 7 });
    expect(bootstrapMeanInterval(values, { seed: 7 })).toEqual(a);
    expect(bootstrapMeanInterval(values, { seed: 8 })).not.toEqual(a);
  });

  it('covers the mean and is close to the normal-theory width', () => {
    // mean 5.1333, sd 2.7740, se 0.71626; ±1.96 se ≈ [3.73, 6.54]. The percentile interval of a
    // 15-value sample is a little narrower (it is the plug-in, not the t, interval).
    const [lo, hi] = bootstrapMeanInterval(values, { resamples: 20_000, seed: 3 });
    expect(lo).toBeGreaterThan(3.5);
    expect(lo).toBeLessThan(4.0);
    expect(hi).toBeGreaterThan(6.3);
    expect(hi).toBeLessThan(6.8);
  });

  it('rejects a resample count out of bounds', () => {
    expect(() => bootstrapMeanInterval(values, { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapMeanInterval([], {})).toThrow(/at least one/);
  });
});

describe('Holm adjustment', () => {
  it('worked example: p = 0.01, 0.04, 0.03, 0.005 → 0.03, 0.06, 0.06, 0.02', () => {
    // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → monotone 0.06.
    const out = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    out.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 12));
  });

  it('caps at 1, leaves a single p value alone, keeps nulls out of the count', () => {
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
    const out = holmAdjust([0.01, null, 0.02]);
    expect(out[1]).toBeNull();
    expect(out[0]).toBeCloseTo(0.02, 12);
    expect(out[2]).toBeCloseTo(0.02, 12);
  });
});
