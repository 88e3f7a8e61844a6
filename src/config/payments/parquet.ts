// Reading Parquet payment files ahead of scenario loading (see ./parquet-cache.ts): DuckDB reads
// the file and casts every column to text, so a Parquet file's rows meet the same checks and
// messages as a CSV file's (an integer column arrives as digits, a timestamp as
// `YYYY-MM-DD HH:MM:SS`, a double as `12.5` — and is rejected as a non-integer amount).

import { createDuckDB } from '../../input/duckdb.js';
import { dirname, join } from 'node:path';
import { readDocumentFile } from '../../input/read.js';
import { isRecord } from '../../input/json-path.js';
import { isParquet, rememberParquet, type ParquetTable } from './parquet-cache.js';

/**
 * Reads the Parquet payment file of each scenario file given, or of the scenario an experiment
 * file names (others are left alone; unreadable files too — their loading reports the problem).
 */
export async function preloadPaymentFiles(files: readonly string[]): Promise<void> {
  for (const scenario of files) {
    let doc: unknown;
    try {
      doc = readDocumentFile(scenario);
    } catch {
      continue;
    }
    if (isRecord(doc) && typeof doc['scenario'] === 'string' && !('agents' in doc)) {
      await preloadPaymentFiles([join(dirname(scenario), doc['scenario'])]);
      continue;
    }
    await preloadDocumentPayments(doc, scenario);
  }
}

/**
 * Reads the Parquet payment file a scenario document (read from `scenario`) names, if it names
 * one; anything else is left to loading, which reports its problems.
 */
export async function preloadDocumentPayments(doc: unknown, scenario: string): Promise<void> {
  const payments = isRecord(doc) ? doc['payments'] : undefined;
  const file = isRecord(payments) ? payments['file'] : undefined;
  const format = isRecord(payments) ? payments['format'] : undefined;
  // An explicit format wins over the file name (a Parquet file need not end in .parquet).
  if (typeof file !== 'string' || (format === undefined ? !isParquet(file) : format !== 'parquet')) return;
  const path = join(dirname(scenario), file);
  rememberParquet(path, await readParquet(path));
}

async function readParquet(path: string): Promise<ParquetTable> {
  // DuckDB is the only Parquet reader at hand (loaded on first use, input/duckdb.ts).
  const instance = await createDuckDB(':memory:');
  try {
    const connection = await instance.connect();
    try {
      const quoted = `'${path.replace(/'/g, "''")}'`;
      const reader = await connection.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${quoted})`);
      const columns = reader.getColumnsJS().map((column) => column.map((v) => (v === null ? '' : String(v))));
      return { ok: true, header: reader.columnNames(), columns, rows: reader.currentRowCount };
    } finally {
      connection.closeSync();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { ok: false, message: /No files found|does not exist/i.test(message) ? 'file not found' : `cannot read the Parquet file (${message})` };
  } finally {
    instance.closeSync();
  }
}
