// Parquet payment files, read ahead. Scenario loading is synchronous and DuckDB (the only Parquet
// reader at hand) is not, so the commands that load scenarios first call preloadPaymentFiles
// (./parquet.ts), which reads each Parquet payment file into this cache as text columns; the
// loader then checks its rows exactly like a CSV file's (row 1 is the header, as in CSV).

import { resolve } from 'node:path';
import type { CsvProblem } from './csv.js';

/** A Parquet table as text columns (nulls as empty cells), or why it could not be read. */
export type ParquetTable =
  | { readonly ok: true; readonly header: readonly string[]; readonly columns: readonly (readonly string[])[]; readonly rows: number }
  | { readonly ok: false; readonly message: string };

const tables = new Map<string, ParquetTable>();

export function isParquet(path: string): boolean {
  return path.toLowerCase().endsWith('.parquet');
}

export function preloadedParquet(path: string): ParquetTable | undefined {
  return tables.get(resolve(path));
}

export function rememberParquet(path: string, table: ParquetTable): void {
  tables.set(resolve(path), table);
}

/** The table's header and rows as records, numbered like CSV lines (header = row 1). */
export function tableRecords(table: Extract<ParquetTable, { ok: true }>): (onRow: (fields: string[], row: number) => void) => readonly CsvProblem[] {
  return (onRow) => {
    onRow([...table.header], 1);
    const fields: string[] = new Array<string>(table.header.length);
    for (let r = 0; r < table.rows; r++) {
      for (let c = 0; c < table.columns.length; c++) fields[c] = table.columns[c]![r]!;
      onRow(fields, r + 2);
    }
    return [];
  };
}
