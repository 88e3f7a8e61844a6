// Printing a query result: an aligned table (default), one JSON document (--json) or CSV (--csv).

import type { Cell, QueryResult } from '../store/read.js';
import { table } from './format.js';

export type ResultFormat = 'table' | 'json' | 'csv';

export function formatResult(result: QueryResult, format: ResultFormat): string {
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
      return table(result.columns, result.rows.map((row) => row.map(textCell)));
  }
}

function textCell(cell: Cell): string {
  if (cell === null) return '-';
  // Every digit: a DOUBLE prints as the shortest text that reads back to the same number
  // (851747406.675, not 851747000), integers and cents exactly.
  return String(cell);
}

function csvCell(cell: Cell | string): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
