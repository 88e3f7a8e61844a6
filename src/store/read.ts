// Reading query results as plain JS: for printing, column names and rows whose values are
// numbers (BIGINT as a number while it is exact, else a decimal string), strings, booleans, null;
// for code, rows as objects by column name.

import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';

export type Cell = number | string | boolean | null;

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export async function readQuery(
  connection: DuckDBConnection,
  sql: string,
  params: Record<string, DuckDBValue> | DuckDBValue[] = [],
  types?: Record<string, DuckDBType>,
): Promise<QueryResult> {
  const reader = await connection.runAndReadAll(sql, params, types);
  const columns = reader.columnNames();
  const rows = reader.getRowsJS().map((row) => row.map(toCell));
  return { columns, rows };
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** BIGINT → number (money fits in 2^53 by the engine's own limits), everything else as it is. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** A query's rows as objects by column name, BIGINTs as numbers (for code that reads them, not for printing). */
export async function rows(c: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql, params);
  const names = reader.columnNames();
  return reader.getRowsJS().map((r) => Object.fromEntries(r.map((v, i) => [names[i]!, plain(v)])));
}
