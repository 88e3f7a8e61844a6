// `paysim liquidity` as a user meets it: the frontier printed and stored as an experiment that
// resumes, the search, the HTML page; bad flags exit 2 and write nothing.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('paysim liquidity', () => {
  it('prints the frontier, stores it, resumes, searches and writes the page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-liq-'));
    const db = join(dir, 'l.duckdb');
    const html = join(dir, 'f.html');
    const args = ['liquidity', 'scenarios/high_stress_gridlock.yaml', '--alphas', '0,0.5,1', '--seeds', '1-2', '--lsm', 'off,multilateral', '--db', db, '--workers', '2'];
    const first = await cli([...args, '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const doc = JSON.parse(first.stdout) as {
      experiment: string;
      frontier: Array<{ variant: string; alpha: number; runs: number; share_of_upper: number; fully_settled: number; settlement_rate_value: number }>;
      runs_run: number;
      bounds: Array<{ seed: string; upper: number; lower: number }>;
    };
    expect(doc.experiment).toBe('liquidity-high_stress_gridlock');
    expect(doc.runs_run).toBe(2 * 3 * 2);
    expect(doc.frontier.map((r) => `${r.variant} ${r.alpha}`)).toEqual(['off 0', 'off 0.5', 'off 1', 'multilateral 0', 'multilateral 0.5', 'multilateral 1']);
    for (const row of doc.frontier) expect(row.runs).toBe(2);
    // α = 1 is each bank's upper bound: everything settles, at both seeds.
    const top = doc.frontier.find((r) => r.variant === 'off' && r.alpha === 1)!;
    expect(top.share_of_upper).toBe(1);
    expect(top.fully_settled).toBe(2);
    expect(top.settlement_rate_value).toBe(1);
    expect(doc.bounds.map((b) => b.seed)).toEqual(['1', '2']);
    for (const b of doc.bounds) expect(b.upper).toBeGreaterThanOrEqual(b.lower);

    // Again, with the search and the page: the frontier's runs are already stored.
    const second = await cli([...args, '--min-liquidity', '--resolution', '0.05', '--html', html]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^paysim liquidity scenarios\/high_stress_gridlock.yaml: experiment liquidity-high_stress_gridlock, 2 seed\(s\), \d+ run\(s\) run and 12 already stored/);
    expect(second.stdout).toContain('Minimum liquidity (target: every payment order settles, at every seed)');
    expect(second.stdout).toMatch(/\nLSM off\n/);
    expect(readFileSync(html, 'utf8')).toContain('chart-frontier-delay');
    // It says where the page went, and what each bank holds at the answer.
    expect(second.stderr).toBe(`frontier page written to ${html}\n`);
    expect(second.stdout).toMatch(/\nEach bank at the answer \(LSM off, α [\d.]+: every bank holds LB \+ α \(UB − LB\); means over seeds\)\nbank\s+lower bound\s+upper bound\s+liquidity\s+of its UB\n/);
    for (const bank of ['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']) expect(second.stdout).toMatch(new RegExp(`\\n${bank}\\s+[\\d ]+\\s+[\\d ]+\\s+[\\d ]+\\s+`));

    // --json: the same per-bank table; its liquidity adds up to the answer's Σ (each seed's
    // balances are rounded to the cent, so within a cent per bank).
    const third = await cli([...args, '--min-liquidity', '--resolution', '0.05', '--json']);
    const searches = (JSON.parse(third.stdout) as { min_liquidity: Array<{ variant: string; liquidity: number; by_bank: Array<{ agent: string; lower: number; upper: number; liquidity: number }> }> }).min_liquidity;
    for (const s of searches) {
      expect(s.by_bank.map((b) => b.agent)).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);
      expect(Math.abs(s.by_bank.reduce((acc, b) => acc + b.liquidity, 0) - s.liquidity)).toBeLessThan(1e-6);
      for (const b of s.by_bank) {
        expect(b.liquidity).toBeGreaterThanOrEqual(b.lower);
        expect(b.liquidity).toBeLessThanOrEqual(b.upper);
      }
    }

    // paysim report draws the stored frontier.
    const reportFile = join(dir, 'r.html');
    const report = await cli(['report', 'liquidity-high_stress_gridlock', '-o', reportFile, '--db', db, '--baseline', 'off']);
    expect(report.status).toBe(0);
    expect(readFileSync(reportFile, 'utf8')).toContain('chart-frontier-settlement');

    const stored = await cli(['sql', '--db', db, '--json', "select variant, count(*) as n from runs where experiment_id = 'liquidity-high_stress_gridlock' and status = 'ok' group by all order by 1"]);
    expect(stored.status).toBe(0);
    const counts = JSON.parse(stored.stdout) as Array<{ variant: string; n: number }>;
    expect(counts.map((c) => c.variant)).toEqual(['multilateral', 'off']);
    for (const c of counts) expect(Number(c.n)).toBeGreaterThanOrEqual(6);
  });

  it('zeroes liquidity pools with credit (--credit zero), and says what is held', async () => {
    // The two-bank game brings each bank's whole pool of 100 000 every morning. Issue 26: the
    // frontier then measured pool + opening balance and showed no delay at any α. With the pools
    // zeroed nothing is brought (opening_transfer 0, no liquidity cost) and α = 0 delays payments.
    const dir = mkdtempSync(join(tmpdir(), 'paysim-liq-pool-'));
    const db = join(dir, 'l.duckdb');
    const args = ['liquidity', 'scenarios/castro_two_bank_game.yaml', '--alphas', '0,1', '--lsm', 'off', '--db', db, '--workers', '1'];
    const text = await cli(args);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('credit, collateral and liquidity pools zeroed: liquidity is the opening balance alone');
    const [brought] = JSON.parse((await cli(['sql', '--db', db, '--json', 'select max(opening_transfer) as pool_in, sum(cost_liquidity) as cost from agent_days'])).stdout) as Array<{ pool_in: number; cost: number }>;
    expect(brought).toEqual({ pool_in: 0, cost: 0 });
    const frontier = (JSON.parse((await cli([...args, '--json'])).stdout) as { frontier: Array<{ alpha: number; delay_value_weighted: number }> }).frontier;
    expect(frontier.find((r) => r.alpha === 0)!.delay_value_weighted).toBeGreaterThan(0);
    expect(frontier.find((r) => r.alpha === 1)!.delay_value_weighted).toBe(0);

    const kept = await cli([...args, '--credit', 'keep', '--experiment', 'kept']);
    expect(kept.stdout).toContain('kept on top of the opening balance: credit or collateral of 0 bank(s), liquidity pools of 2 bank(s) (each pool brings its share every morning, whatever α)');
  });

  const bad: Array<[string[], string]> = [
    [['--alphas', '0,1.5'], "--alphas: expected a number 0 ≤ x ≤ 1, got '1.5'"],
    [['--step', '0'], "--step: expected a number 0 < x ≤ 1, got '0'"],
    [['--lsm', 'fast'], "--lsm: unknown setting 'fast' (expected scenario, off, pairs_and_cycles, multilateral, multilateral_then_pairs or all)"],
    [['--credit', 'some'], "--credit: expected zero or keep, got 'some'"],
    [['--target', '120%'], "--target: expected full or a share of value 0 < x ≤ 1 (or 1%–100%), got '120%'"],
    [['--seeds', '3-1'], "--seeds: expected a range a-b with a ≤ b and at most 10 000 seeds, got '3-1'"],
  ];
  for (const [flags, message] of bad) {
    it(`${flags.join(' ')}: one line, exit 2, no store`, async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'paysim-liq-')), 'x.duckdb');
      const r = await cli(['liquidity', 'scenarios/high_stress_gridlock.yaml', '--db', db, ...flags]);
      expect(r.stderr).toBe(`paysim: ${message}\n`);
      expect(r.status).toBe(2);
      expect(existsSync(db)).toBe(false);
    });
  }
});
