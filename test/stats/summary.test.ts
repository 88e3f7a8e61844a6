// The one mean and the one t interval (stats/summary.ts), hand-worked.
import { describe, expect, it } from 'vitest';
import { mean, tInterval } from '../../src/stats/summary.js';

describe('mean and t interval', () => {
  it('the mean of nothing is null, everywhere', () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2])).toBe(1.5);
  });

  it('95 % t interval of 1, 2, 3: 2 ± t(0.975, 2) · 1/√3 = 2 ± 2.4841377', () => {
    // s = 1; t(0.975, 2) = 4.302652729749464 (R: qt(0.975, 2)); 4.302652729749464 / √3 = 2.484137...
    const [lo, hi] = tInterval([1, 2, 3])!;
    expect(lo).toBeCloseTo(2 - 4.302652729749464 / Math.sqrt(3), 9);
    expect(hi).toBeCloseTo(2 + 4.302652729749464 / Math.sqrt(3), 9);
    expect(tInterval([5])).toBeNull();
  });
});
