// Printing a query result: an aligned table (default), one JSON document (--json) or CSV (--csv).

import { decimal } from '../analysis/number-text.js';
import type { Cell, QueryResult } from '../store/read.js';
import { table } from './format.js';

export type ResultFormat = 'table' | 'json' | 'csv';

/**
 * `exact`: a table cell shows every digit (`paysim sql`, a tool for exact answers); `reading`: a
 * fractional number is rounded for reading as compare's tables are (`paysim query`: a mean of cents
 * to the hundredth of a cent, a rate to 4 decimals). JSON and CSV always keep every digit.
 */
export type TableDigits = 'exact' | 'reading';

export function formatResult(result: QueryResult, format: ResultFormat, digits: TableDigits = 'exact'): string {
  switch (format) {
    case 'json':
      return JSON.stringify(
        result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i] ?? null]))),
        null,
        2,
      );
    case 'csv':
      return [result.columns.map(csvCell).join(','), ...result.rows.map((row) => row.map(csvCell).join(','))].join('\n');
    case 'table':
      if (result.rows.length === 0) return `${result.columns.join('  ')}\n(no rows)`;
      return table(result.columns, result.rows.map((row) => row.map(digits === 'exact' ? textCell : readingCell)));
  }
}

function textCell(cell: Cell): string {
  if (cell === null) return '-';
  // Every digit: a DOUBLE prints as the shortest text that reads back to the same number
  // (851747406.675, not 851747000), integers and cents exactly.
  return String(cell);
}

function readingCell(cell: Cell): string {
  return typeof cell === 'number' && !Number.isInteger(cell) ? decimal(cell) : textCell(cell);
}

function csvCell(cell: Cell | string): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
