// Opening the store file: the default path, creating the folder, migrations on open, and a clear
// error for a missing file or a file in use by another process.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openFailure, StoreOpenError } from './errors.js';
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
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
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

/** A read-only open cannot upgrade: say how to. */
function tooOldToRead(file: string, version: number): StoreOpenError {
  if (version === 0) return new StoreOpenError(`${file}: not a paysim store (no schema_version table)`, 'foreign');
  return new StoreOpenError(`${file}: store schema ${version} is older than ${SCHEMA_VERSION}; open it once read-write (e.g. \`paysim sweep\`) to upgrade`);
}
