// Numbers in the comparison tables, read the way docs/compare.md ("Numbers") prints them in the
// terminal and the report: integers exactly, two decimals from 100 up, four below, tiny values
// with all their digits; p values with four decimals or three significant digits. The exact
// value stays on the cell (data-value) for whoever needs more.

export function decimalText(x: number | null): string {
  if (x === null) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (Number.isInteger(x)) return String(x);
  const size = Math.abs(x);
  return size >= 100 ? x.toFixed(2) : size >= 1e-3 ? x.toFixed(4) : String(x);
}

export function pText(p: number | null): string {
  if (p === null) return '–';
  if (p === 0) return '< 1e-300';
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

export function intervalText(ci: readonly [number, number] | null): string {
  return ci === null ? '–' : `[${decimalText(ci[0])}, ${decimalText(ci[1])}]`;
}
