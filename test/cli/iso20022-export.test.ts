// `paysim export --format iso20022`: a stored run's orders as pacs.009 messages, read back to the
// same run; and the shipped sample day (scenarios/iso20022_demo.yaml), written by paysim itself,
// runs exactly as the scenario it was exported from.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { queryFile } from '../store/helpers.js';

const COLUMNS = 'tx_id, parent_id, sender, receiver, amount, remaining, arrival_tick, deadline_tick, priority, divisible, status, settled_tick, settled_by, submitted_tick';

/** Rows of one run's transactions missing from the other's (both ways). */
async function differingTransactions(db: string, a: string, b: string): Promise<number> {
  const rows = await queryFile(
    db,
    `SELECT count(*) AS n FROM ((SELECT ${COLUMNS} FROM transactions WHERE run_key = '${a}' EXCEPT ALL SELECT ${COLUMNS} FROM transactions WHERE run_key = '${b}')
      UNION ALL (SELECT ${COLUMNS} FROM transactions WHERE run_key = '${b}' EXCEPT ALL SELECT ${COLUMNS} FROM transactions WHERE run_key = '${a}'))`,
  );
  return Number(rows[0]!['n']);
}

describe('paysim export --format iso20022', () => {
  it('export → import gives the identical run (summary and every transaction), plain and gzip-compressed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-iso-export-'));
    const db = join(dir, 's.duckdb');
    const first = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--seed', '7', '--db', db, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const key = JSON.parse(first.stdout).run_key as string;
    for (const name of ['day.xml', 'day.xml.gz']) {
      const out = join(dir, name.replace(/\./g, '-'));
      const exported = await cli(['export', '--run', 'last', '--format', 'iso20022', '-o', join(out, name), '--scenario', join(out, 's.yaml'), '--db', db]);
      expect(exported.status, exported.stderr).toBe(0);
      expect(exported.stdout).toContain(`BIC map → ${join(out, 'day.bics.csv')}`);
      const again = await cli(['run', join(out, 's.yaml'), '--db', db, '--json']);
      expect(again.status, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).summary).toEqual(JSON.parse(first.stdout).summary);
      expect(await differingTransactions(db, key, JSON.parse(again.stdout).run_key as string)).toBe(0);
    }
  });

  it('the shipped sample day runs as the scenario it was exported from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-iso-demo-'));
    const db = join(dir, 's.duckdb');
    const source = await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--seed', '7', '--db', db, '--json']);
    const demo = await cli(['run', 'scenarios/iso20022_demo.yaml', '--db', db, '--json']);
    expect(demo.status, demo.stderr).toBe(0);
    expect(JSON.parse(demo.stdout).summary).toEqual(JSON.parse(source.stdout).summary);
    expect(await differingTransactions(db, JSON.parse(source.stdout).run_key as string, JSON.parse(demo.stdout).run_key as string)).toBe(0);
    // Re-exporting the demo's run writes the shipped file again, byte for byte.
    const exported = await cli(['export', '--run', 'last', '--format', 'iso20022', '-o', join(dir, 'again.xml'), '--db', db]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again.xml'), 'utf8')).toBe(readFileSync('scenarios/payments/iso20022_demo.xml', 'utf8'));
    expect(readFileSync(join(dir, 'again.bics.csv'), 'utf8')).toBe(readFileSync('scenarios/payments/iso20022_demo.bics.csv', 'utf8'));
  });

  it("--orders-of: a scenario's orders, without storing a run, as --run writes them", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-iso-export-'));
    const db = join(dir, 's.duckdb');
    const direct = await cli(['export', '--orders-of', 'scenarios/high_stress_gridlock.yaml', '--format', 'iso20022', '-o', join(dir, 'a', 'day.xml'), '--db', db]);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout).toMatch(/^scenarios\/high_stress_gridlock\.yaml: \d+ payment orders → /);
    expect(existsSync(db)).toBe(false);
    expect((await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--db', db])).status).toBe(0);
    expect((await cli(['export', '--run', 'last', '--format', 'iso20022', '-o', join(dir, 'b', 'day.xml'), '--db', db])).status).toBe(0);
    for (const name of ['day.xml', 'day.bics.csv']) expect(readFileSync(join(dir, 'a', name), 'utf8')).toBe(readFileSync(join(dir, 'b', name), 'utf8'));
    const csv = await cli(['export', '--orders-of', 'scenarios/payment_file_demo.yaml', '-o', join(dir, 'p.csv')]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(readFileSync(join(dir, 'p.csv'), 'utf8').split('\n')).toHaveLength(38); // header, 36 orders, final newline
  });

  it('refuses another format with --run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-iso-export-'));
    const r = await cli(['export', '--run', 'last', '--format', 'parquet', '-o', join(dir, 'x'), '--db', join(dir, 's.duckdb')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("paysim: --format: with --run, expected csv or iso20022, got 'parquet'\n");
  });
});
