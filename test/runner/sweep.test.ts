// runner.md §1–2: results do not depend on the number of workers; shards merged equal the
// unsharded store; resume skips stored runs; failed runs are stored with their error.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../src/runner/experiment.js';
import { type Plan, planExperiment } from '../../src/runner/plan.js';
import { runSweep } from '../../src/runner/sweep.js';
import { openStore } from '../../src/store/open.js';
import { mergeInto } from '../../src/store/merge.js';
import { cli, paysim } from '../helpers/cli.js';
import { diffStores, queryFile, storeDigest, SWEEP_TABLES, tempDir } from '../store/helpers.js';

const SMALL = 'test/runner/fixtures/small.yaml';
const FAILING = 'test/runner/fixtures/failing.yaml';

describe('a sweep gives the same store however many workers ran it', () => {
  const dir = tempDir();
  const one = join(dir, 'one.duckdb');
  const two = join(dir, 'two.duckdb');
  let plan: Plan;

  beforeAll(async () => {
    plan = planExperiment(loadExperimentFile(SMALL));
    const a = await runSweep(plan, { db: one, workers: 1 });
    const b = await runSweep(plan, { db: two, workers: 2, batchRuns: 3 });
    expect([a.ok, a.failed.length, b.ok, b.failed.length]).toEqual([16, 0, 16, 0]);
  });

  it('16 runs = 8 seeds × 2 LSM settings, every table non-empty', async () => {
    const rows = await queryFile(one, `SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM transactions) AS tx,
      (SELECT count(*) FROM agent_days) AS days, (SELECT count(*) FROM agent_ticks) AS ticks,
      (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM run_agents) AS agents`);
    expect(rows[0]!['runs']).toBe(16);
    // realistic_demo: 4 agents, 1 day of 100 ticks.
    expect(rows[0]!['days']).toBe(16 * 4);
    expect(rows[0]!['ticks']).toBe(16 * 4 * 100);
    expect(rows[0]!['agents']).toBe(16 * 4);
    expect(rows[0]!['tx']).toBeGreaterThan(16 * 50);
    expect(rows[0]!['events']).toBeGreaterThan(rows[0]!['tx'] as number);
  });

  it('--workers 1 and --workers 2 give identical tables (EXCEPT ALL both ways)', async () => {
    for (const diff of await diffStores(one, two, SWEEP_TABLES)) {
      expect(diff, diff.table).toMatchObject({ onlyA: 0, onlyB: 0 });
      expect(diff.rowsA, diff.table).toBe(diff.rowsB);
    }
  });

  it('stores exactly what the runner stored before runs were batched and sent as columns (digest of commit 1aa21fa)', async () => {
    // Each table's rows and a hash of their content (run keys replaced by variant, grid point and
    // seed), recorded from a sweep of this fixture by the build of commit 1aa21fa (Arrow IPC, one
    // run per worker task). Identical: batching and the column format changed no stored value.
    // The central bank's columns (store migration 9) came later: left out of the digest, and all 0
    // here (the fixture has no central-bank credit).
    const later = ['cost_cb_credit', 'cb_drawn', 'cb_injected', 'cb_repaid', 'cb_exposure_peak', 'cb_exposure_eod'];
    for (const [table, columns] of [['runs', later], ['run_agents', later.filter((c) => c === 'cost_cb_credit' || c.startsWith('cb_exposure'))], ['agent_days', later]] as const) {
      const sums = columns.map((column) => `sum(${column}) AS ${column}`).join(', ');
      const [row] = await queryFile(one, `SELECT ${sums} FROM ${table}`);
      expect(Object.values(row!).map(Number), table).toEqual(columns.map(() => 0));
    }
    expect(await storeDigest(one, undefined, later)).toEqual({
      runs: '16:e5cb2b6ac5a68f0c',
      run_agents: '64:c268ccbecd3c0aba',
      transactions: '2466:16e7773e9d4b0bdd',
      agent_days: '64:e4dafe82884b800d',
      agent_ticks: '6400:190886cccc1eaf75',
      events: '7500:47e7e2f206cb74b9',
      run_policies: '64:cd2154a2496ebffd',
      run_params: '16:2e956687025025f7',
      policies: '1:a3ab0b11aa26db7e',
    });
  });

  it('stored rows match the engine: payment orders per run = runs.arrivals, settled rows = runs.settled', async () => {
    const rows = await queryFile(one, `SELECT count(*) AS bad FROM runs r JOIN (
        SELECT run_key, count(*) FILTER (WHERE parent_id IS NULL) AS orders,
               count(*) FILTER (WHERE parent_id IS NULL AND status = 'settled') AS settled FROM transactions GROUP BY run_key) t
      USING (run_key) WHERE t.orders <> r.arrivals OR t.settled <> r.settled`);
    expect(rows[0]!['bad']).toBe(0);
  });

  it('resuming skips every run already stored ok', async () => {
    const again = await runSweep(plan, { db: one, workers: 1 });
    expect(again).toMatchObject({ planned: 16, skipped: 16, ok: 0, failed: [] });
    expect((await queryFile(one, 'SELECT count(*) AS n FROM runs'))[0]!['n']).toBe(16);
  });

  it('three shards merged equal the unsharded store', async () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard${i}.duckdb`));
    const sizes: number[] = [];
    for (const [i, file] of shards.entries()) {
      const report = await runSweep(plan, { db: file, workers: 1, shard: { index: i, count: 3 } });
      sizes.push(report.planned);
    }
    // 16 runs by index mod 3: 6, 5, 5.
    expect(sizes).toEqual([6, 5, 5]);
    const merged = join(dir, 'merged.duckdb');
    const store = await openStore(merged);
    try {
      for (const file of shards) await mergeInto(store.connection, file);
      // Merging a shard twice adds nothing: duplicates collapse by run_key.
      expect(await mergeInto(store.connection, shards[0]!)).toMatchObject({ runs: 0, duplicates: 6 });
    } finally {
      store.close();
    }
    for (const diff of await diffStores(one, merged, { ...SWEEP_TABLES, experiments: 'experiment_id, name, description, spec_json, spec_sha256' })) {
      expect(diff, diff.table).toMatchObject({ onlyA: 0, onlyB: 0 });
    }
  });
});

describe('a run that throws is stored as failed; the others complete; exit code 1', () => {
  it('paysim sweep with a policy that divides by zero', async () => {
    const dir = tempDir();
    const db = join(dir, 'f.duckdb');
    // Spawned: the exit status of the real process.
    const r = paysim(['sweep', FAILING, '--db', db, '--workers', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/3 run\(s\) failed/);
    expect(r.stderr).toMatch(/broken seed 1 .*division_by_zero for agent BANK_A/);
    expect(r.stdout).toMatch(/6 run \(3 ok, 3 failed\)/);
    const rows = await queryFile(db, 'SELECT variant, status, error, settled FROM runs ORDER BY variant, seed');
    expect(rows.map((x) => `${x['variant']}:${x['status']}`)).toEqual([
      'baseline:ok', 'baseline:ok', 'baseline:ok', 'broken:failed', 'broken:failed', 'broken:failed',
    ]);
    for (const row of rows.filter((x) => x['status'] === 'failed')) {
      expect(row['error']).toMatch(/^policy error division_by_zero for agent BANK_A at tick \d+ \(payment_tree, node N1\): division by zero/);
      expect(row['settled']).toBeNull();
    }
    // Failed runs have no result rows; a second sweep retries them (they fail again) and
    // replaces their rows instead of adding new ones.
    const tx = await queryFile(db, "SELECT count(*) AS n FROM transactions t JOIN runs r USING (run_key) WHERE r.status = 'failed'");
    expect(tx[0]!['n']).toBe(0);
    const again = await cli(['sweep', FAILING, '--db', db, '--workers', '1', '--json']);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ planned: 6, skipped: 3, ok: 0 });
    expect((await queryFile(db, 'SELECT count(*) AS n FROM runs'))[0]!['n']).toBe(6);
    expect(existsSync(db)).toBe(true);
  });
});
