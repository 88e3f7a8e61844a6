// Plain-text formatting for terminal output: exact integers with digit grouping, aligned tables.

import { cents, decimal } from '../analysis/number-text.js';

// Money is formatted once, for the terminal and the HTML pages alike.
export { cents };

/**
 * A value for reading, exact to the hundredth of a cent from 100 up (analysis/number-text.ts's
 * decimal), its integer part grouped like cents: 31316408.3 → "31 316 408.30", 0.91234 → "0.9123".
 */
export function amount(x: number): string {
  const text = decimal(x);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  return m === null ? text : `${m[1]}${cents(Number(m[2]))}${m[3] ?? ''}`;
}

export function percent(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function num(x: number | null, digits = 2): string {
  if (x === null) return '-';
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

/** Right-aligns every column but the first. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
