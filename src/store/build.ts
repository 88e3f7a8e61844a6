// Creating and upgrading a store file so that an interruption (kill -9, a full disk, a crash)
// leaves either no store or a working one, never a file no later command can open.
//
// Why not migrate in place: DuckDB cannot replay a write-ahead log holding `ALTER COLUMN … TYPE
// <enum>` (the ENUM widening of migration 3: "Failure while replaying WAL file … GetDefaultDatabase
// with no default database set"), so a kill between a migration's commit and its checkpoint, or a
// checkpoint that fails for want of space, left a file every later command refused. So the schema
// is built in a file beside the store, checkpointed there (no log left to replay), and only then
// moved into place with one atomic file-system step. The migrations themselves stay plain SQL.

import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { createDuckDB } from '../input/duckdb.js';
import { migrate } from './schema.js';

const CREATING = '.creating-';
const UPGRADING = '.upgrading';

/**
 * Creates a store at `file` (which did not exist) with the whole schema. If another process
 * created it meanwhile, theirs is kept and ours discarded: both are empty stores of one schema.
 */
export async function createStoreFile(file: string): Promise<void> {
  removeStaleBuilds(file);
  const temporary = `${file}${CREATING}${process.pid}`;
  removeDatabase(temporary);
  try {
    await buildSchema(temporary, null);
    try {
      // A hard link never replaces an existing file (rename would, losing a store another
      // process just created and wrote to).
      linkSync(temporary, file);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return;
      // A file system without hard links: rename, after checking nothing appeared meanwhile.
      if (existsSync(file)) return;
      renameSync(temporary, file);
    }
    syncFolder(file);
  } finally {
    removeDatabase(temporary);
  }
}

/**
 * Brings the store at `file` up to the current schema. `connection` is an open read-write
 * connection to it: DuckDB's lock on the file keeps every other process out while the upgraded
 * copy is built and moved over the original. The caller closes and reopens the store afterwards.
 */
export async function upgradeStoreFile(file: string, connection: DuckDBConnection): Promise<void> {
  // Everything committed moves from the log into the file, so copying the file copies the store.
  await connection.run('CHECKPOINT');
  const temporary = `${file}${UPGRADING}`;
  removeDatabase(temporary);
  try {
    copyFileSync(file, temporary);
    await buildSchema(temporary, file);
    renameSync(temporary, file);
    syncFolder(file);
  } finally {
    removeDatabase(temporary);
  }
}

/** Migrates the database at `path` to the current schema and checkpoints it, leaving no log. */
async function buildSchema(path: string, named: string | null): Promise<void> {
  const instance = await createDuckDB(path);
  let connection: DuckDBConnection | null = null;
  try {
    connection = await instance.connect();
    await migrate(connection, named ?? path);
    await connection.run('CHECKPOINT');
  } finally {
    // After a fatal error DuckDB has invalidated the database; closing may throw then too.
    try {
      connection?.closeSync();
      instance.closeSync();
    } catch {
      // The original error is the one to report.
    }
  }
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes a database file and its log (missing files are fine). */
function removeDatabase(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

/** Makes the new directory entry durable, where the platform allows syncing a folder. */
function syncFolder(file: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dirname(file), 'r');
    fsyncSync(fd);
  } catch {
    // Not every platform syncs a directory; the rename itself is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Deletes what killed creators left beside `file` (their process is gone). */
function removeStaleBuilds(file: string): void {
  const prefix = `${basename(file)}${CREATING}`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).replace(/\.wal$/, ''));
    if (Number.isSafeInteger(pid) && pid > 0 && !alive(pid)) rmSync(join(dirname(file), name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}
