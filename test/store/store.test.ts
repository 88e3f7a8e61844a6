// runner.md §3: what the worker produces is what the store holds (every column, nulls, enums,
// strings), migrations and the version check, `paysim run` storing as `adhoc`, sql/query/export.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../src/input/read.js';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { executeRun } from '../../src/runner/execute.js';
import { runRecord } from '../../src/runner/run-record.js';
import type { RunSpec } from '../../src/runner/run-spec.js';
import { runScenario, withOverrides } from '../../src/runner/single-run.js';
import { openStore, StoreOpenError } from '../../src/store/open.js';
import { NAMED_QUERIES, queryParams } from '../../src/store/queries.js';
import { readQuery } from '../../src/store/read.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { StoreWriter } from '../../src/store/writer.js';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from './helpers.js';

/** realistic_demo with divisible payments and a splitting policy: split children, drops, nulls. */
function splittingScenario(): Record<string, unknown> {
  const doc = readDocumentFile('scenarios/realistic_demo.yaml') as Record<string, unknown>;
  const agents = (doc['agents'] as Array<Record<string, unknown>>).map((a) => ({
    ...a,
    policy: { type: 'LiquiditySplitting', max_splits: 3, min_split_amount: 1000 },
    credit_limit: 0,
    arrival_config: { ...(a['arrival_config'] as Record<string, unknown>), divisible: true },
  }));
  return { ...doc, agents };
}

function spec(scenario: unknown, seed: number, key: string): RunSpec {
  return {
    run_key: key,
    experiment_id: 'store-test',
    variant: 'v',
    seed: String(seed),
    scenario_key: key.slice(0, 3),
    scenario_json: JSON.stringify(scenario),
    scenario_file: '<test>',
    outputs: { transactions: true, agent_days: true, agent_ticks: true, events: true },
  };
}

const identity = (key: string, seed: number) => ({
  run_key: key,
  experiment_id: 'store-test',
  revision: 1,
  variant: 'v',
  params: {},
  seed: String(seed),
  config_hash: 'h',
  scenario: '<test>',
  scenario_sha256: null,
  policies: [],
});

describe('the store holds exactly what the engine produced', () => {
  const db = join(tempDir(), 's.duckdb');
  const scenario = splittingScenario();

  beforeAll(async () => {
    const store = await openStore(db);
    const writer = await StoreWriter.create(store);
    try {
      for (const seed of [1, 2, 3]) {
        const key = `run-${seed}`;
        writer.stage(runRecord(identity(key, seed), executeRun(spec(scenario, seed, key))));
        if (seed === 2) await writer.handOff();
      }
      await writer.flush();
    } finally {
      await writer.close();
      store.close();
    }
  });

  it('transactions: every column of every row equals the engine record (seed 2)', async () => {
    const loaded = withOverrides(parseScenarioDocument(scenario, { file: '<test>', baseDir: null }), { seed: '2' });
    const expected = runScenario(loaded).result.transactions;
    const rows = await queryFile(db, "SELECT * EXCLUDE (run_key) FROM transactions WHERE run_key = 'run-2' ORDER BY tx_id");
    expect(expected.some((t) => t.parent_id !== null)).toBe(true); // split children are there
    expect(expected.some((t) => t.status === 'split')).toBe(true);
    expect(expected.some((t) => t.settled_tick === null)).toBe(true);
    expect(rows).toEqual(expected.map((t) => ({ ...t })));
  });

  it('agent_days, agent_ticks, events, run_agents and runs agree with the summary', async () => {
    const [r] = await queryFile(db, `SELECT r.arrivals, r.settled, r.total_cost, r.num_agents,
      (SELECT count(*) FROM agent_days d WHERE d.run_key = r.run_key) AS days,
      (SELECT count(*) FROM agent_ticks t WHERE t.run_key = r.run_key) AS ticks,
      (SELECT sum(total_cost) FROM run_agents a WHERE a.run_key = r.run_key) AS agent_cost,
      (SELECT count(*) FROM events e WHERE e.run_key = r.run_key AND e.type = 'arrival') AS arrival_events
      FROM runs r WHERE r.run_key = 'run-1'`);
    expect(r!['days']).toBe(4);
    expect(r!['ticks']).toBe(400);
    expect(r!['agent_cost']).toBe(r!['total_cost']);
    expect(r!['arrival_events']).toBe(r!['arrivals']);
  });

  it('status, settled_by, origin and drop_reason are ENUMs that read as text', async () => {
    const rows = await queryFile(db, "SELECT DISTINCT typeof(status) AS t FROM transactions");
    expect(rows).toEqual([{ t: "ENUM('queued_q1', 'pending', 'queued_q2', 'settled', 'dropped', 'split')" }]);
    const settled = await queryFile(db, "SELECT count(*) AS n FROM transactions WHERE status = 'settled' AND settled_by IS NOT NULL");
    expect(settled[0]!['n']).toBeGreaterThan(0);
  });
});

describe('schema version', () => {
  it('a file written by a newer paysim is refused with a message', async () => {
    const db = join(tempDir(), 'new.duckdb');
    const store = await openStore(db);
    await store.connection.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    store.close();
    await expect(openStore(db)).rejects.toThrow(StoreOpenError);
    await expect(openStore(db)).rejects.toThrow(`store schema version ${SCHEMA_VERSION + 1} is newer than this paysim understands`);
    const r = await cli(['sql', 'select 1', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is newer than this paysim understands');
  });
  it('opening an existing store twice migrates once', async () => {
    const db = join(tempDir(), 'twice.duckdb');
    (await openStore(db)).close();
    (await openStore(db)).close();
    // One row per migration, each applied once.
    expect(await queryFile(db, 'SELECT version FROM schema_version ORDER BY version')).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })),
    );
    expect(await queryFile(db, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'run_links'")).toEqual([{ n: 1 }]);
  });
});

describe('paysim run stores its run as experiment adhoc; sql, query and export read the store', () => {
  const dir = tempDir();
  const db = join(dir, 'cli.duckdb');

  it('run stores once; the same run again is not duplicated; --no-store stores nothing', async () => {
    expect((await cli(['run', 'scenarios/realistic_demo.yaml', '--seed', '5', '--db', db])).status).toBe(0);
    expect((await cli(['run', 'scenarios/realistic_demo.yaml', '--seed', '5'], { PAYSIM_DB: db })).status).toBe(0);
    expect((await cli(['run', 'scenarios/realistic_demo.yaml', '--seed', '6', '--db', db, '--json'])).status).toBe(0);
    expect((await cli(['run', 'scenarios/realistic_demo.yaml', '--seed', '7', '--db', db, '--no-store'])).status).toBe(0);
    const rows = await queryFile(db, "SELECT experiment_id, variant, seed, status FROM runs ORDER BY seed");
    expect(rows).toEqual([
      { experiment_id: 'adhoc', variant: 'default', seed: 5, status: 'ok' },
      { experiment_id: 'adhoc', variant: 'default', seed: 6, status: 'ok' },
    ]);
    const [tx] = await queryFile(db, 'SELECT count(*) AS n FROM transactions t JOIN runs r USING (run_key) WHERE r.arrivals > 0');
    expect(tx!['n']).toBeGreaterThan(0);
  });

  it('sql prints a table, --json and --csv', async () => {
    const sql = 'select seed, settled from runs order by seed';
    const text = await cli(['sql', sql, '--db', db]);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^seed\s+settled$/);
    const json = JSON.parse((await cli(['sql', sql, '--db', db, '--json'])).stdout) as Array<{ seed: number }>;
    expect(json.map((r) => r.seed)).toEqual([5, 6]);
    expect((await cli(['sql', sql, '--db', db, '--csv'])).stdout).toMatch(/^seed,settled\n5,\d+\n6,\d+\n$/);
    const bad = await cli(['sql', 'select nope from runs', '--db', db]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/sql: .*nope/);
 
    // A query from a file (it may start with a `-- comment`), printed with every digit.
    const file = join(dir, 'q.sql');
    writeFileSync(file, '-- a DOUBLE aggregate above 10^8, exactly\nselect avg(x) as mean, sum(x) as total from (values (851747406.125::DOUBLE), (851747407.225::DOUBLE)) t(x)\n');
    const fromFile = await cli(['sql', '-f', file, '--db', db]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toBe('mean                   total\n-------------  -------------\n851747406.675  1703494813.35\n');
    const both = await cli(['sql', 'select 1', '-f', file, '--db', db]);
    expect(both.status).toBe(2);
  });

  it('every named query runs; query --list names them all', async () => {
    const list = await cli(['query', '--list']);
    for (const q of NAMED_QUERIES) expect(list.stdout).toContain(q.name);
    const store = await openStore(db, { readOnly: true });
    try {
      for (const q of NAMED_QUERIES) {
        const { params, types } = queryParams(null, null);
        const result = await readQuery(store.connection, q.sql, params, types);
        expect(result.columns.length, q.name).toBeGreaterThan(0);
      }
    } finally {
      store.close();
    }
    const r = await cli(['query', 'settlement-by-variant', '--db', db, '--experiment', 'adhoc', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject([{ experiment_id: 'adhoc', variant: 'default', runs: 2 }]);
  });

  it('export --format parquet writes every table with its rows', async () => {
    const out = join(dir, 'parquet');
    expect((await cli(['export', '--format', 'parquet', '-o', out, '--db', db])).status).toBe(0);
    const [counts] = await queryFile(db, 'SELECT (SELECT count(*) FROM transactions) AS tx, (SELECT count(*) FROM runs) AS runs');
    const [fromFiles] = await queryFile(db, `SELECT (SELECT count(*) FROM '${out}/transactions.parquet') AS tx, (SELECT count(*) FROM '${out}/runs.parquet') AS runs`);
    expect(fromFiles).toEqual(counts);
  });
});
