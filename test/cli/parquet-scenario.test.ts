// A scenario with a Parquet payment file loads like any other, whichever command reads it:
// scenario loading reads the Parquet file itself (issue 26: `paysim liquidity` failed with an
// internal error, "a Parquet payment file must be read first", where `paysim run` worked).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioFile } from '../../src/config/scenario.js';
import { runScenario } from '../../src/runner/single-run.js';
import { cli } from '../helpers/cli.js';

const DEMO = 'scenarios/payment_file_demo.yaml';

/** The payment-file demo with its CSV rows in a Parquet file, in a fresh directory. */
async function parquetDemo(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'paysim-parquet-'));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`COPY (SELECT * FROM read_csv('scenarios/payments/four_banks.csv')) TO '${join(dir, 'four.parquet')}' (FORMAT parquet)`);
  c.closeSync();
  instance.closeSync();
  const file = join(dir, 'demo.yaml');
  writeFileSync(file, readFileSync(DEMO, 'utf8').replace('file: payments/four_banks.csv', 'file: four.parquet'));
  return file;
}

describe('a scenario with a Parquet payment file', () => {
  it('loads without a separate read-ahead step and runs like its CSV twin', async () => {
    const file = await parquetDemo();
    const fromParquet = runScenario(await loadScenario(file)).result;
    expect(JSON.stringify(fromParquet)).toBe(JSON.stringify(runScenario(loadScenarioFile(DEMO)).result));
  });

  it('paysim liquidity, run, validate and checkpoint each read it', async () => {
    const file = await parquetDemo();
    const db = join(mkdtempSync(join(tmpdir(), 'paysim-parquet-db-')), 'p.duckdb');
    const liquidity = await cli(['liquidity', file, '--alphas', '0.5,1', '--lsm', 'off', '--db', db, '--workers', '1', '--json', '--quiet']);
    expect(liquidity.stderr).toBe('');
    expect(liquidity.status).toBe(0);
    // α = 1 holds each bank's upper bound: every order of the file settles.
    const frontier = (JSON.parse(liquidity.stdout) as { frontier: Array<{ alpha: number; settlement_rate_value: number }> }).frontier;
    expect(frontier.find((row) => row.alpha === 1)?.settlement_rate_value).toBe(1);
    const run = await cli(['run', file, '--no-store', '--json']);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { summary: { arrivals: number } }).summary.arrivals).toBe(runScenario(loadScenarioFile(DEMO)).result.summary.arrivals);
    expect((await cli(['validate', file])).stdout).toBe(`${file}: ok\n`);
    expect((await cli(['checkpoint', 'save', file, '--tick', '3', '--db', db])).status).toBe(0);
  });

  it('paysim stress reads it too (its planner loads the scenario synchronously)', async () => {
    // A fresh file, so no other command of this process has read it already.
    const file = await parquetDemo();
    const db = join(mkdtempSync(join(tmpdir(), 'paysim-parquet-db-')), 'p.duckdb');
    const stress = await cli(['stress', file, '--participants', 'BANK_A', '--db', db, '--workers', '1', '--json', '--quiet']);
    expect(stress.stderr).toBe('');
    expect(stress.status).toBe(0);
  });

  it('no command loads a scenario with the synchronous loader, which cannot read Parquet', () => {
    // loadScenarioFile is for tests and benches; a command that used it would fail on a Parquet
    // payment file with an internal error (as stress did). Commands use loadScenario, or read
    // the payment files first (preloadPaymentFiles) where a planner loads synchronously.
    const dir = 'src/cli/commands';
    const users = readdirSync(dir).filter((f) => /\bloadScenarioFile\b/.test(readFileSync(join(dir, f), 'utf8')));
    expect(users).toEqual([]);
  });
});
