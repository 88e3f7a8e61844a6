// Numbers in printed tables and sentences (docs/compare.md, "Numbers"): integers (counts, cents)
// exactly; other values with a fixed number of decimals — two from 100 up (means of cents, to the
// hundredth of a cent), four below — and values under 0.001 with every digit needed to read them
// back exactly. Never a fixed number of significant digits, which would round large sums.

export function decimal(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : Number.isNaN(x) ? 'n/a' : '-inf';
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(2);
  if (abs >= 1e-3) return x.toFixed(4);
  return String(x);
}

/** A p value: four decimals, three significant digits below 0.0001, and never a printed zero. */
export function formatP(p: number): string {
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

/**
 * Money, as every printed table and page shows it: integer cents with the digits grouped by a
 * space, 1234567 → "1 234 567" (grouping keeps every cent visible and exact).
 */
export function cents(x: number): string {
  const sign = x < 0 ? '-' : '';
  const digits = Math.abs(x).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
