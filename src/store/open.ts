// Opening the store file: the default path, creating the folder, migrations on open, and a clear
// error for a missing file or a file in use by another process.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDB } from '../input/duckdb.js';
import { openFailure, StoreOpenError } from './errors.js';
import { storeFileProblem } from './file-check.js';
import { RESULT_TABLES } from './columns.js';
import { createStoreFile, upgradeStoreFile } from './build.js';
import { SCHEMA_VERSION, StoreVersionError, storedVersion } from './schema.js';

export { DEFAULT_DB, resolveDbPath } from './db-path.js';

export { StoreOpenError } from './errors.js';

export interface Store {
  readonly file: string;
  readonly connection: DuckDBConnection;
  /** Another connection to the same database (closed with the store). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

export interface OpenOptions {
  /** Open read-only; the file must exist and must not need migrating. */
  readonly readOnly?: boolean;
}

export async function openStore(file: string, options: OpenOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  if (readOnly && !existsSync(file)) {
    throw new StoreOpenError(`${file}: no store here (run \`paysim sweep\` or \`paysim run\` first, or pass --db)`, 'missing');
  }
  if (!readOnly) {
    mkdirSync(dirname(file), { recursive: true });
    if (!existsSync(file)) {
      try {
        await createStoreFile(file);
      } catch (error) {
        throw openFailure(file, error, 'create');
      }
    }
  }
  const problem = storeFileProblem(file);
  if (problem !== null) throw problem;
  let instance: DuckDBInstance;
  try {
    instance = await createDuckDB(file, { readOnly });
  } catch (error) {
    throw openFailure(file, error);
  }
  const connection = await instance.connect();
  const extra: DuckDBConnection[] = [];
  const connect = async (): Promise<DuckDBConnection> => {
    const c = await instance.connect();
    extra.push(c);
    return c;
  };
  const close = (): void => {
    for (const c of extra) c.closeSync();
    connection.closeSync();
    instance.closeSync();
  };
  let upgraded = false;
  try {
    await refuseForeign(connection, file);
    const version = await storedVersion(connection);
    if (version > SCHEMA_VERSION) throw new StoreVersionError(file, version);
    if (version < SCHEMA_VERSION) {
      if (readOnly) throw tooOldToRead(file, version);
      await upgradeStoreFile(file, connection);
      upgraded = true;
    } else {
      await refuseChangedTables(connection, file);
    }
  } catch (error) {
    close();
    if (error instanceof StoreVersionError) throw new StoreOpenError(error.message, 'version');
    if (error instanceof StoreOpenError) throw error;
    // Corruption can show only when the first pages are read.
    throw openFailure(file, error);
  }
  if (upgraded) {
    // The upgraded copy replaced the file this instance has open: open the new one.
    close();
    return openStore(file, options);
  }
  return { file, connection, connect, close };
}

/**
 * Opens an existing store read-write and closes it: whatever would stop a write later (in use,
 * corrupt, changed by hand, too new) is found now. A store not there yet is not created here, so
 * a command that then fails leaves none behind.
 */
export async function checkStoreOpens(file: string): Promise<void> {
  if (!existsSync(file)) return;
  (await openStore(file)).close();
}

/**
 * A DuckDB file of another program (tables, but no schema_version) is left alone: paysim adding
 * its tables to someone else's database would be a silent surprise.
 */
async function refuseForeign(connection: DuckDBConnection, file: string): Promise<void> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() ORDER BY table_name`,
  );
  const tables = reader.getRowsJS().map((r) => String(r[0]));
  if (tables.length === 0 || tables.includes('schema_version')) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? `, … (${tables.length} tables)` : '');
  throw new StoreOpenError(
    `${file}: not a paysim store: a DuckDB database of another program (tables ${shown}); paysim leaves it untouched — pass another --db`,
    'foreign',
  );
}

/**
 * The result tables have the columns paysim writes: a column dropped or added by hand would
 * otherwise be found only when the first run is appended, after the simulation, with DuckDB's
 * words ("Too many appends for chunk!").
 */
async function refuseChangedTables(connection: DuckDBConnection, file: string): Promise<void> {
  const names = RESULT_TABLES.map((t) => `'${t.name}'`).join(', ');
  const reader = await connection.runAndReadAll(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_name IN (${names})`,
  );
  const found = new Map<string, Set<string>>();
  for (const [table, column] of reader.getRowsJS()) {
    const set = found.get(String(table)) ?? new Set<string>();
    set.add(String(column));
    found.set(String(table), set);
  }
  const problems: string[] = [];
  for (const table of RESULT_TABLES) {
    const have = found.get(table.name);
    if (have === undefined) {
      problems.push(`table ${table.name} is missing`);
      continue;
    }
    const want = ['run_key', ...table.columns.map((c) => c.name)];
    const missing = want.filter((c) => !have.has(c));
    const extra = [...have].filter((c) => !want.includes(c));
    if (missing.length > 0) problems.push(`${table.name} lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    if (extra.length > 0) problems.push(`${table.name} has column${extra.length > 1 ? 's' : ''} paysim does not write: ${extra.join(', ')}`);
  }
  if (problems.length === 0) return;
  throw new StoreOpenError(
    `${file}: the store's tables were changed outside paysim (${problems.join('; ')}); paysim leaves it as it is — restore it from a copy or use another --db`,
    'corrupt',
  );
}

/** A read-only open cannot upgrade: say how to. */
function tooOldToRead(file: string, version: number): StoreOpenError {
  if (version === 0) return new StoreOpenError(`${file}: not a paysim store (no schema_version table)`, 'foreign');
  return new StoreOpenError(`${file}: store schema ${version} is older than ${SCHEMA_VERSION}; open it once read-write (e.g. \`paysim sweep\`) to upgrade`);
}
