// A store is created and upgraded so that any interruption leaves either no store or a working
// one (src/store/build.ts): kill -9 at a range of moments during creation and during an upgrade,
// and a full disk at creation, are each followed by the same command, which must succeed.
// DuckDB cannot replay a log holding migration 3's ENUM widening, so before this a kill in the
// wrong 0.1–0.4 s, or a full disk, left a file every later command refused.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, migrate } from '../../src/store/schema.js';
import { cli, paysimWithFileLimit, spawnPaysim } from '../helpers/cli.js';
import { queryFile, tempDir } from './helpers.js';

const SCENARIO = 'scenarios/minimal.yaml';
/** Milliseconds after the build file appears; the last ones usually fall after the store is in place. */
const DELAYS = [0, 50, 200, 600];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A store as paysim's schema version `version` left it (before the ENUM widening for 2). */
async function oldStore(file: string, version: number): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await migrate(connection, file, version);
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
}

/** Starts `paysim run` on `db`, waits for a file named by `building` to appear, then `delay` ms, then kill -9. */
async function killWhileBuilding(db: string, building: (name: string) => boolean, delay: number): Promise<void> {
  const child = spawnPaysim(['run', SCENARIO, '--db', db]);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  while (running() && !readdirSync(dirname(db)).some(building)) await sleep(5);
  await sleep(delay);
  child.kill('SIGKILL');
  await exited;
}

/** The same command again succeeds, and the store holds the current schema and the run once. */
async function sameCommandWorks(db: string): Promise<void> {
  const again = await cli(['run', SCENARIO, '--db', db]);
  expect(again.status, again.stderr).toBe(0);
  expect(await queryFile(db, 'SELECT (SELECT max(version) FROM schema_version) AS version, count(*) AS runs FROM runs')).toEqual([
    { version: SCHEMA_VERSION, runs: 1 },
  ]);
  // What the killed build left beside the store is gone.
  expect(readdirSync(dirname(db)).filter((name) => /\.(creating-\d+|upgrading)/.test(name))).toEqual([]);
}

describe('kill -9 while a store is created or upgraded, then the same command', () => {
  it.each(DELAYS)('creating: killed %i ms after the build file appears', async (delay) => {
    const db = join(tempDir(), 'new.duckdb');
    await killWhileBuilding(db, (name) => name.startsWith('new.duckdb.creating-'), delay);
    await sameCommandWorks(db);
  });

  it.each(DELAYS)('upgrading from schema 2: killed %i ms after the copy appears', async (delay) => {
    const db = join(tempDir(), 'old.duckdb');
    await oldStore(db, 2);
    await killWhileBuilding(db, (name) => name === 'old.duckdb.upgrading', delay);
    await sameCommandWorks(db);
  });
});

describe('a full disk while the store is created or upgraded', () => {
  // The file-size limit stands in for a full disk (a tmpfs mount needs root): 16 KiB stops the
  // build at its first checkpoint, 600 KiB part-way through writing the schema's blocks.
  it.each([16, 600])('creating with room for %i KiB: exit 2, nothing created; the same command then works', async (kib) => {
    const db = join(tempDir(), 'full.duckdb');
    const full = paysimWithFileLimit(['run', SCENARIO, '--db', db], kib);
    expect(full.status).toBe(2);
    expect(full.stderr).toContain(`${db}: cannot create the store: the disk is full; nothing was created`);
    expect(readdirSync(dirname(db))).toEqual([]);
    await sameCommandWorks(db);
  });

  it('upgrading with too little room: exit 2, the old store untouched; the same command then works', async () => {
    const db = join(tempDir(), 'old.duckdb');
    await oldStore(db, 2);
    const size = statSync(db).size;
    const full = paysimWithFileLimit(['run', SCENARIO, '--db', db], Math.floor(size / 2048));
    expect(full.status).toBe(2);
    expect(full.stderr).toContain('the disk is full');
    expect(existsSync(`${db}.upgrading`)).toBe(false);
    expect(await queryFile(db, 'SELECT max(version) AS version FROM schema_version')).toEqual([{ version: 2 }]);
    await sameCommandWorks(db);
  });
});
