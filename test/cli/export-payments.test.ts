// A stored run's payment orders exported as a payment file, and re-run from it: the same run
// (every transaction and every summary figure; only the origin reads `event` instead of `arrival`).
// And a payment file with bad rows from the command line: every row named, exit 2, nothing run.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { queryFile } from '../store/helpers.js';

describe('paysim export --run', () => {
  it('a stored run exported and re-run from the file is the same run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-export-'));
    const db = join(dir, 's.duckdb');
    const first = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--seed', '7', '--db', db, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const [{ run_key: key }] = (await queryFile(db, 'SELECT run_key FROM runs')) as [{ run_key: string }];
    const exported = await cli(['export', '--run', key.slice(0, 10), '-o', join(dir, 'out', 'p.csv'), '--scenario', join(dir, 'out', 's.yaml'), '--db', db]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^run [0-9a-f]{64}: \d+ payment orders → /);
    const again = await cli(['run', join(dir, 'out', 's.yaml'), '--db', db, '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).summary).toEqual(JSON.parse(first.stdout).summary);
    const runs = (await queryFile(db, 'SELECT run_key, scenario FROM runs ORDER BY scenario')) as Array<{ run_key: string }>;
    expect(runs).toHaveLength(2);
    const columns = `tx_id, parent_id, sender, receiver, amount, remaining, arrival_tick, deadline_tick, priority, divisible, status, settled_tick, settled_by, submitted_tick`;
    const [a, b] = runs.map((r) => r.run_key);
    const differ = await queryFile(
      db,
      `SELECT count(*) AS n FROM ((SELECT ${columns} FROM transactions WHERE run_key = '${a}' EXCEPT ALL SELECT ${columns} FROM transactions WHERE run_key = '${b}')
        UNION ALL (SELECT ${columns} FROM transactions WHERE run_key = '${b}' EXCEPT ALL SELECT ${columns} FROM transactions WHERE run_key = '${a}'))`,
    );
    expect(differ[0]!['n']).toBe(0);
    const origins = await queryFile(db, `SELECT DISTINCT origin::VARCHAR AS o FROM transactions WHERE run_key = '${key}' AND parent_id IS NULL ORDER BY o`);
    expect(origins.map((r) => r['o'])).toEqual(['arrival']);
  });

  it('an unknown run is bad input and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-export-'));
    const db = join(dir, 's.duckdb');
    expect((await cli(['run', 'scenarios/minimal.yaml', '--db', db])).status).toBe(0);
    const r = await cli(['export', '--run', 'ffffffff', '-o', join(dir, 'p.csv'), '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("paysim: --run: no stored run has a key starting with 'ffffffff'\n");
    expect(existsSync(join(dir, 'p.csv'))).toBe(false);
  });
});

describe('paysim run with a payment file of bad rows', () => {
  it('names every bad row and column, exits 2, runs and stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-bad-rows-'));
    writeFileSync(
      join(dir, 's.yaml'),
      `simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 1}
agents:
- {id: A, opening_balance: 1000, policy: {type: Fifo}}
- {id: B, opening_balance: 1000, policy: {type: Fifo}}
payments: {file: p.csv, time_format: timestamp, day_start: '2026-03-02T08:00', tick_seconds: 60}
`,
    );
    writeFileSync(join(dir, 'p.csv'), 'sender,receiver,amount,arrival\nA,B,-1,2026-03-02T08:00\nA,B,2.5,2026-03-02T08:01\nA,B,3,yesterday\nA,B,4,2026-03-02T08:03\n');
    const db = join(dir, 'out.duckdb');
    const r = await cli(['run', join(dir, 's.yaml'), '--db', db]);
    const csv = join(dir, 'p.csv');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      `paysim: ${csv}: row 2, column amount: -1 is negative (expected an integer number of cents ≥ 1)`,
      `paysim: ${csv}: row 3, column amount: '2.5' is not an integer (expected an integer number of cents ≥ 1)`,
      `paysim: ${csv}: row 4, column arrival: 'yesterday' is not a timestamp (expected a timestamp YYYY-MM-DDTHH:MM[:SS])`,
    ]);
    expect(existsSync(db)).toBe(false);
  });
});

describe('runs of a scenario with a payment file', () => {
  it('export and shadow replay rebuild it with its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-export-'));
    const db = join(dir, 's.duckdb');
    // Two seeds (a replay compares at least two runs); the file holds every order, so both are alike.
    expect((await cli(['run', 'scenarios/payment_file_demo.yaml', '--seed', '2', '--db', db])).status).toBe(0);
    const first = await cli(['run', 'scenarios/payment_file_demo.yaml', '--db', db, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const exported = await cli(['export', '--run', 'last', '-o', join(dir, 'p.csv'), '--scenario', join(dir, 's.yaml'), '--db', db]);
    expect(exported.status, exported.stderr).toBe(0);
    const again = await cli(['run', join(dir, 's.yaml'), '--no-store', '--json']);
    expect(JSON.parse(again.stdout).summary).toEqual(JSON.parse(first.stdout).summary);
    // The same policies replayed on the recorded orders: the same figures.
    const replay = await cli(['replay', '--experiment', 'adhoc', '--variant', 'default', '--policy', 'BANK_A=Fifo', '--as', 'same', '--workers', '1', '--quiet', '--json', '--db', db]);
    expect(replay.status, replay.stderr).not.toBe(2);
    const rows = await queryFile(db, `SELECT variant, settled, settled_value FROM runs WHERE scenario = 'scenarios/payment_file_demo.yaml' ORDER BY variant`);
    const { settled, settled_value } = JSON.parse(first.stdout).summary as { settled: number; settled_value: number };
    expect(rows.map((r) => [r['variant'], r['settled'], r['settled_value']])).toEqual([
      ['default', settled, settled_value],
      ['default', settled, settled_value],
      ['same', settled, settled_value],
      ['same', settled, settled_value],
    ]);
  });
});
