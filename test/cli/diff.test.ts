// `paysim diff`: two stored runs of the same orders, payment by payment (docs/diff.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { queryFile } from '../store/helpers.js';

async function keyOf(db: string, scenario: string): Promise<string> {
  const found = (await queryFile(db, `SELECT run_key FROM runs WHERE scenario = '${scenario}'`)) as Array<{ run_key: string }>;
  return found[0]!.run_key;
}

/*
 * The hand-worked case (scenarios/diff/): A opens with 100, B and C with 0; all Fifo, no LSM.
 *   tx 0  t0  B→C 100    tx 1  t1  C→A 50    tx 2  t2  A→B 100    tx 3  t3  B→A 100
 * Run A (B has a credit line of 100):
 *   t0 B pays C on credit (B −100, C 100); t1 C pays A (C 50, A 150); t2 A pays B (A 50, B 0);
 *   t3 B pays A on credit again (B −100). Every payment settles on arrival (rtgs), delay 0.
 * Run B (no credit line — the one rule changed):
 *   t0 tx 0 queues (B has 0); t1 tx 1 queues (C has 0); t2 A pays B 100 (A 0, B 100), and the
 *   queue pass of the same tick releases tx 0 (B 0, C 100), then tx 1 (C 50, A 50): both settle at
 *   t2 through the queue; t3 B has 0 and no credit: tx 3 stays queued to the end.
 * So: tx 0 later by 2, tx 1 later by 1, tx 2 unchanged, tx 3 newly unsettled. Value-weighted delay
 * change over the three settled on both sides: (100 × 2 + 50 × 1 + 100 × 0) / 250 = +1.00 tick.
 */
async function twoRuns(): Promise<{ db: string; a: string; b: string }> {
  const db = join(mkdtempSync(join(tmpdir(), 'paysim-diff-')), 's.duckdb');
  const a = await cli(['run', 'scenarios/diff/three_banks.yaml', '--db', db, '--json']);
  const b = await cli(['run', 'scenarios/diff/three_banks_no_credit.yaml', '--db', db, '--json']);
  expect(a.status, a.stderr).toBe(0);
  expect(b.status, b.stderr).toBe(0);
  return { db, a: await keyOf(db, 'scenarios/diff/three_banks.yaml'), b: await keyOf(db, 'scenarios/diff/three_banks_no_credit.yaml') };
}

describe('paysim diff', () => {
  it('the hand-worked three-bank case: two payments later, one newly unsettled', async () => {
    const { db, a, b } = await twoRuns();
    const r = await cli(['diff', a.slice(0, 10), b.slice(0, 10), '--db', db, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.run_a).toBe(a);
    expect(diff.summary).toEqual({ payments: 4, value: 350, earlier: 0, later: 2, unchanged: 1, newly_unsettled: 1, newly_settled: 0, value_weighted_delay_change: 1 });
    const p = (id: number): Record<string, unknown> => diff.payments.find((x: { tx_id: number }) => x.tx_id === id);
    expect(p(0)).toMatchObject({ change: 'later', delay_change: 2, a: { settled_tick: 0, settled_by: 'rtgs', delay: 0 }, b: { settled_tick: 2, settled_by: 'queue', delay: 2 } });
    expect(p(1)).toMatchObject({ change: 'later', delay_change: 1, b: { settled_tick: 2, settled_by: 'queue', delay: 1 } });
    expect(p(2)).toMatchObject({ change: 'unchanged', delay_change: 0 });
    expect(p(3)).toMatchObject({ change: 'newly_unsettled', delay_change: null, a: { status: 'settled', settled_tick: 3 }, b: { status: 'queued_q2', settled_tick: null, delay: null } });
    // By bank: B sent tx 0 (later +2) and tx 3 (newly unsettled); C received tx 0.
    const bank = (id: string): Record<string, Record<string, unknown>> => diff.banks.find((x: { bank: string }) => x.bank === id);
    expect(bank('BANK_B').sent).toMatchObject({ payments: 2, later: 1, newly_unsettled: 1, value_weighted_delay_change: 2 });
    expect(bank('BANK_A').received).toMatchObject({ payments: 2, later: 1, newly_unsettled: 1, value_weighted_delay_change: 1 });
    // Largest changes: the status change first, then by value × |delay change| (200 before 50).
    expect(diff.largest.map((x: { tx_id: number }) => x.tx_id)).toEqual([3, 0, 1]);
  });

  it('text and CSV forms', async () => {
    const { db, a, b } = await twoRuns();
    const text = await cli(['diff', a, b, '--db', db]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^all\s+4\s+0\s+2\s+1\s+1\s+0\s+\+1\.00$/m);
    const csv = await cli(['diff', a, b, '--db', db, '--csv']);
    expect(csv.stdout.split('\n')[4]).toBe('3,BANK_B,BANK_A,100,3,settled,3,rtgs,0,queued_q2,,,,newly_unsettled,');
  });

  it('a run against itself: no change', async () => {
    const { db, a } = await twoRuns();
    const r = await cli(['diff', a, a, '--db', db, '--json']);
    const diff = JSON.parse(r.stdout);
    expect(diff.summary).toMatchObject({ payments: 4, unchanged: 4, earlier: 0, later: 0, newly_unsettled: 0, newly_settled: 0, value_weighted_delay_change: 0 });
    expect(diff.largest).toEqual([]);
    expect((await cli(['diff', a, a, '--db', db])).stdout).toContain('no payment changed');
  });

  it('refuses runs of different orders, with the reason', async () => {
    const { db, a } = await twoRuns();
    expect((await cli(['run', 'scenarios/high_stress_gridlock.yaml', '--seed', '7', '--db', db])).status).toBe(0);
    const key = await keyOf(db, 'scenarios/high_stress_gridlock.yaml');
    const r = await cli(['diff', a, key, '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`paysim: runs ${a.slice(0, 12)} and ${key.slice(0, 12)} are not runs of the same orders: run A has 4 payment orders, run B 269\n`);
  });
});

describe('paysim diff last~1 last', () => {
  it('names the two latest runs', async () => {
    const { db, a, b } = await twoRuns();
    const diff = JSON.parse((await cli(['diff', 'last~1', 'last', '--db', db, '--json'])).stdout);
    expect([diff.run_a, diff.run_b]).toEqual([a, b]);
    const r = await cli(['diff', 'last~5', 'last', '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('paysim: RUN_A last~5: the store has fewer runs\n');
  });
});
