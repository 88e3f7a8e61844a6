// `paysim export`: every table of the store as Parquet or CSV files, one file per table.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { STORE_TABLES } from './schema.js';

export type ExportFormat = 'parquet' | 'csv';

export interface ExportedTable {
  readonly table: string;
  readonly file: string;
  readonly rows: number;
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export async function exportStore(connection: DuckDBConnection, dir: string, format: ExportFormat): Promise<ExportedTable[]> {
  mkdirSync(dir, { recursive: true });
  const out: ExportedTable[] = [];
  for (const table of [...STORE_TABLES, 'schema_version']) {
    const file = join(dir, `${table}.${format}`);
    const options = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
    await connection.run(`COPY (SELECT * FROM ${table}) TO ${sqlString(file)} ${options}`);
    const count = await connection.runAndReadAll(`SELECT count(*) FROM ${table}`);
    out.push({ table, file, rows: Number(count.getRowsJS()[0]![0]) });
  }
  return out;
}
