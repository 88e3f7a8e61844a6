// Opening the store file: the default path, creating the folder, migrations on open, and a clear
// error for a missing file or a file in use by another process.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { migrate, SCHEMA_VERSION, StoreVersionError } from './schema.js';

export const DEFAULT_DB = 'results/paysim.duckdb';

/** `--db`, else $PAYSIM_DB, else results/paysim.duckdb (interfaces.md). */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return flag;
  const fromEnv = env['PAYSIM_DB'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DB;
}

/** A store problem meant for the user (missing file, locked file, newer schema). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

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
    throw new StoreOpenError(`${file}: no store here (run \`paysim sweep\` or \`paysim run\` first, or pass --db)`);
  }
  if (!readOnly) mkdirSync(dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(reason)) {
      throw new StoreOpenError(`${file}: the store is in use by another process (DuckDB allows one process per file)`);
    }
    throw new StoreOpenError(`${file}: cannot open the store (${reason.split('\n')[0]})`);
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
  try {
    if (readOnly) await checkVersion(connection, file);
    else await migrate(connection, file);
  } catch (error) {
    close();
    if (error instanceof StoreVersionError) throw new StoreOpenError(error.message);
    throw error;
  }
  return { file, connection, connect, close };
}

async function checkVersion(connection: DuckDBConnection, file: string): Promise<void> {
  const tables = await connection.runAndReadAll(
    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'",
  );
  if (Number(tables.getRowsJS()[0]![0]) === 0) throw new StoreOpenError(`${file}: not a paysim store (no schema_version table)`);
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version');
  const version = Number(reader.getRowsJS()[0]![0]);
  if (version > SCHEMA_VERSION) throw new StoreVersionError(file, version);
  if (version < SCHEMA_VERSION) {
    throw new StoreOpenError(`${file}: store schema ${version} is older than ${SCHEMA_VERSION}; open it once read-write (e.g. \`paysim sweep\`) to upgrade`);
  }
}
