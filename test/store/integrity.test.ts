// Store integrity (issue 14): a corrupt file says "corrupt" (not "in use"), another program's
// DuckDB file is left untouched, and a disk that fills up mid-sweep stops the sweep with a paysim
// error and the count of runs committed before — which stay whole — never an unhandled rejection.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { planExperiment } from '../../src/runner/plan.js';
import { runSweep, SweepStoreError } from '../../src/runner/sweep.js';
import { StoreOpenError } from '../../src/store/errors.js';
import { openStore } from '../../src/store/open.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from './helpers.js';

const SMALL = 'test/runner/fixtures/small.yaml';

async function openError(file: string): Promise<StoreOpenError> {
  try {
    (await openStore(file)).close();
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error(`${file} opened`);
}

/** A DuckDB file of "another program": one table of its own. */
async function foreignDb(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  await c.run('CREATE TABLE inventory AS SELECT range AS item FROM range(50000)');
  await c.run('CHECKPOINT');
  c.closeSync();
  instance.closeSync();
}

describe('a file that is not a usable store', () => {
  it('random bytes: "corrupt", not "in use by another process"', async () => {
    const file = join(tempDir(), 'garbage.duckdb');
    writeFileSync(file, Buffer.alloc(64 * 1024, 0x5a));
    const error = await openError(file);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/^.*garbage\.duckdb: the store file is corrupt/);
    expect(error.message).not.toMatch(/in use/);
  });

  it('a damaged block (checksum mismatch "in block at location …"): "corrupt"', async () => {
    const dir = tempDir();
    const file = join(dir, 'flipped.duckdb');
    await foreignDb(file);
    const bytes = readFileSync(file);
    for (let at = 12_288; at < bytes.length; at += 97) bytes[at]! ^= 0xff;
    writeFileSync(file, bytes);
    const error = await openError(file);
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(/corrupt/);
    expect(error.message).not.toMatch(/in use/);
  });

  it("another program's DuckDB file is refused and left byte for byte as it was", async () => {
    const dir = tempDir();
    const file = join(dir, 'theirs.duckdb');
    await foreignDb(file);
    copyFileSync(file, join(dir, 'before.duckdb'));
    const error = await openError(file);
    expect(error.kind).toBe('foreign');
    expect(error.message).toMatch(/not a paysim store: a DuckDB database of another program \(tables inventory\)/);
    expect(readFileSync(file).equals(readFileSync(join(dir, 'before.duckdb')))).toBe(true);
  });
});

/** Makes the store's batch commits fail with DuckDB's disk-full error from the `from`-th on. */
function diskFullFrom(from: number): void {
  const original = DuckDBConnection.prototype.run;
  let commits = 0;
  vi.spyOn(DuckDBConnection.prototype, 'run').mockImplementation(function (this: DuckDBConnection, sql, ...rest) {
    if (sql.startsWith('BEGIN TRANSACTION;\nINSERT INTO runs SELECT') && ++commits >= from) {
      return Promise.reject(new Error('IO Error: Could not write file "x.duckdb.wal": No space left on device'));
    }
    return original.call(this, sql, ...rest);
  });
}

describe('the disk fills up during a sweep', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('the sweep stops with a disk-full error; the runs committed before stay whole', async () => {
    const db = join(tempDir(), 'full.duckdb');
    diskFullFrom(2);
    const plan = planExperiment(loadExperimentFile(SMALL));
    const failure = await runSweep(plan, { db, workers: 1, batchRuns: 3 }).catch((error: unknown) => error);
    vi.restoreAllMocks();
    expect(failure).toBeInstanceOf(SweepStoreError);
    const error = failure as SweepStoreError;
    expect(error.storeError.kind).toBe('disk_full');
    expect(error.message).toMatch(/full\.duckdb: the disk is full/);
    expect(error.committed).toBeGreaterThan(0);
    expect(error.committed).toBeLessThan(16);
    const [row] = await queryFile(
      db,
      `SELECT (SELECT count(*) FROM runs) AS runs,
              (SELECT count(DISTINCT run_key) FROM run_agents) AS with_agents,
              (SELECT count(DISTINCT run_key) FROM agent_ticks) AS with_ticks`,
    );
    expect(row).toEqual({ runs: error.committed, with_agents: error.committed, with_ticks: error.committed });
  });

  it('`paysim sweep` prints the committed-run summary and one paysim error, exit 1', async () => {
    const db = join(tempDir(), 'full.duckdb');
    diskFullFrom(2);
    const r = await cli(['sweep', SMALL, '--db', db, '--workers', '1', '--batch-ms', '1', '--quiet']);
    vi.restoreAllMocks();
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^test-small: stopped: \d+ of 16 run\(s\) committed to .*full\.duckdb before the store failed; run the same command again to resume\n$/);
    expect(r.stderr).toMatch(/^paysim: .*full\.duckdb: the disk is full; the store keeps only what was committed before \(IO Error: .*No space left on device\)\n$/);
  });
});

describe('files that used to mislead (issue 27)', () => {
  it('a SQLite database as --db is refused by its header, untouched, and no extension is fetched', async () => {
    const dir = tempDir();
    const file = join(dir, 'other.sqlite');
    // The first 100 bytes of a SQLite file are its header; the magic is what DuckDB reacts to.
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(4080)]));
    const before = readFileSync(file);
    const r = await cli(['sql', '--db', file, 'SELECT 1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`paysim: ${file}: not a paysim store: a SQLite database; paysim leaves it untouched — pass another --db\n`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('DuckDB itself is opened with extension autoloading and autoinstalling off', async () => {
    const store = await openStore(join(tempDir(), 'settings.duckdb'));
    try {
      const reader = await store.connection.runAndReadAll(
        `SELECT name, value FROM duckdb_settings() WHERE name IN ('autoload_known_extensions', 'autoinstall_known_extensions') ORDER BY name`,
      );
      expect(reader.getRowsJS()).toEqual([
        ['autoinstall_known_extensions', 'false'],
        ['autoload_known_extensions', 'false'],
      ]);
    } finally {
      store.close();
    }
  });

  it('a store missing its last 4 KiB is refused as truncated and left as it is, never written to', async () => {
    const dir = tempDir();
    const file = join(dir, 'cut.duckdb');
    const made = await cli(['run', 'scenarios/minimal.yaml', '--db', file]);
    expect(made.status, made.stderr).toBe(0);
    const whole = readFileSync(file);
    const cut = whole.subarray(0, whole.length - 4096);
    writeFileSync(file, cut);
    for (const args of [['sql', '--db', file, 'SELECT count(*) FROM runs'], ['run', 'scenarios/minimal.yaml', '--db', file]]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(
        `paysim: ${file}: the store file is truncated: ${cut.length} bytes is not a size DuckDB writes (after its 12288-byte headers, a whole number of 262144-byte blocks); it is left untouched — restore it from a copy or use another --db\n`,
      );
    }
    expect(readFileSync(file).equals(cut)).toBe(true);
  });

  it('a column dropped by hand: refused when the store opens, before paysim run simulates anything', async () => {
    const file = join(tempDir(), 'dropped.duckdb');
    expect((await cli(['run', 'scenarios/minimal.yaml', '--db', file])).status).toBe(0);
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('ALTER TABLE agent_days DROP COLUMN cost_delay');
    connection.closeSync();
    instance.closeSync();
    const r = await cli(['run', 'scenarios/minimal.yaml', '--db', file, '--seed', '2']);
    expect(r.status).toBe(2);
    // Nothing simulated: no summary printed.
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `paysim: ${file}: the store's tables were changed outside paysim (agent_days lacks column cost_delay); paysim leaves it as it is — restore it from a copy or use another --db\n`,
    );
  });
});
