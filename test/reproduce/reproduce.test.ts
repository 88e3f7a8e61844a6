// paysim reproduce (docs/validation.md): the quick cases all pass, as CI runs them; a case whose
// scenario has a cost changed fails, with the paper's figure and paysim's side by side.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onset } from '../../src/reproduce/cases/arciero.js';
import { gameKind } from '../../src/reproduce/cases/bech-garratt.js';
import { pureEquilibria } from '../../src/reproduce/grid-game.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../store/helpers.js';

interface Result {
  readonly pass: boolean;
  readonly cases: ReadonlyArray<{ name: string; pass: boolean; figures: Array<{ label: string; paper: string; paysim: string; pass: boolean | null }> }>;
}

describe('paysim reproduce --quick', () => {
  it('runs every quick case and every figure passes (exit 0)', async () => {
    const r = await cli(['reproduce', '--quick', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as Result;
    expect(result.cases.map((c) => [c.name, c.pass])).toEqual([
      ['castro-2025-two-period', true],
      ['castro-2025-cost-function', true],
      ['castro-2025-three-period', true],
      ['bech-garratt-2003', true],
      ['arciero-2009', true],
    ]);
    const figure = (name: string, label: string) => result.cases.find((c) => c.name === name)!.figures.find((f) => f.label.startsWith(label))!;
    expect(figure('castro-2025-two-period', 'grid, r_b 0.4: pure equilibria')).toMatchObject({ paper: '(0, 0.2)', paysim: '(0, 0.2)', pass: true });
    expect(figure('castro-2025-two-period', 'backstop r_b 0.05')).toMatchObject({ paper: '(0, 0.15)', paysim: '(0, 0.15)' });
    expect(figure('castro-2025-cost-function', 'cells where')).toMatchObject({ paysim: '441 of 441' });
    expect(figure('bech-garratt-2003', 'cells whose game')).toMatchObject({ paysim: '100 of 100' });
    // The three phases begin in the paper's order (ticks after the default, mean curves of 10 seeds).
    expect(figure('arciero-2009', 'ticks after the default at which each phase reaches 25 %')).toMatchObject({ paysim: '+15 / +27 / +43', pass: true });
  });
});

describe('a case with a cost changed', () => {
  it('fails (exit 1), printing the paper’s figure beside paysim’s', async () => {
    // The shipped cases on a copy whose two-bank game borrows at the end of the day at 5 %
    // (500 bps) instead of the paper's 40 %: B then brings only 0.15 and borrows the rest.
    const root = tempDir('paysim-reproduce-');
    cpSync('experiments/published', join(root, 'experiments/published'), { recursive: true });
    cpSync('scenarios/published', join(root, 'scenarios/published'), { recursive: true });
    const game = readFileSync('scenarios/castro_two_bank_game.yaml', 'utf8');
    expect(game).toContain('eod_backstop: {rate_bps: 4000, replaces_delay: true}');
    writeFileSync(join(root, 'scenarios/castro_two_bank_game.yaml'), game.replace('rate_bps: 4000', 'rate_bps: 500'));
    const r = await cli(['reproduce', 'castro-2025-two-period', '--dir', join(root, 'experiments/published')]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('castro-2025-two-period: FAIL');
    expect(r.stdout).toMatch(/grid, r_b 0\.4: pure equilibria \(ℓᴬ, ℓᴮ\), share of the pool +\(0, 0\.2\) +\(0, 0\.15\) +exact \(grid step 0\.05\) +FAIL/);
    expect(r.stdout).toMatch(/equilibrium search from \(0\.5, 0\.5\): profile reached +\(0, 0\.2\) +\(0, 0\.15\), converged in \d round\(s\) .*FAIL/);
    expect(r.stdout).toContain('0 of 1 case(s) PASS; FAIL: castro-2025-two-period');
  });

  it('arciero-2009 fails when the bank does not fail: a partial failure releasing all of its value traps nothing', async () => {
    const root = tempDir('paysim-reproduce-');
    cpSync('experiments/published', join(root, 'experiments/published'), { recursive: true });
    cpSync('scenarios/published', join(root, 'scenarios/published'), { recursive: true });
    const file = join(root, 'experiments/published/arciero-2009.yaml');
    const study = readFileSync(file, 'utf8');
    expect(study).toContain('failure: {at_tick: 30, mode: default}');
    writeFileSync(file, study.replace('mode: default', 'mode: partial, share: 1'));
    const r = await cli(['reproduce', 'arciero-2009', '--dir', join(root, 'experiments/published')]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/reaches 25 % of its peak .* sink, then delays, then failures +never \/ never \/ never +in that order .* FAIL/);
    expect(r.stdout).toContain('0 of 1 case(s) PASS; FAIL: arciero-2009');
  });

  it('an unknown case is bad input (exit 2) naming the cases', async () => {
    const r = await cli(['reproduce', 'castro-2024']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no case named 'castro-2024' (one of castro-2025-two-period,");
  });
});

describe('the pieces', () => {
  it('onset: the first tick from the failure on at which a curve reaches a share of its peak after it', () => {
    // From tick 2 the peak is 8: 25 % of it is 2, first reached at tick 3 (2 ≥ 2); 50 % = 4 at tick 4; the 9 before tick 2 does not count.
    const curve = [9, 0, 1, 2, 4, 8, 6];
    expect(onset(curve, 2, 0.25)).toBe(3);
    expect(onset(curve, 2, 0.5)).toBe(4);
    expect(onset(curve, 2, 1)).toBe(5);
    expect(onset([0, 0, -1, 0], 1, 0.1)).toBeNull();
  });

  it('gameKind: costs [[MM, MA], [AM, AA]] of the row bank, lower is better', () => {
    // Priced credit, F 30 < D 50: MM 0, MA F, AM D, AA D → morning is better against both.
    expect(gameKind([[0, 30], [50, 50]])).toBe('morning dominant');
    // F 50 > D 30: morning best against morning (0 < 30), afternoon against afternoon (30 < 50).
    expect(gameKind([[0, 50], [30, 30]])).toBe('stag hunt');
    // Afternoon better against both, and both-afternoon (40) worse than both-morning (20).
    expect(gameKind([[20, 60], [10, 40]])).toBe("prisoner's dilemma");
    expect(gameKind([[20, 60], [10, 15]])).toBe('afternoon dominant');
  });

  it('pureEquilibria: the cells where each choice is a best response to the other’s', () => {
    // A coordination game (costs 0 together on 0, 1 together on 1, 5 apart) has both diagonal cells;
    // with 1 dominant (3 > 2 against 0, 5 > 1 against 1) only (1, 1).
    const cells = (c: number[][]) => [0, 1].flatMap((a) => [0, 1].map((b) => ({ choices: [a, b] as [number, number], costs: [c[a]![b]!, c[b]![a]!] as [number, number] })));
    expect(pureEquilibria(cells([[0, 5], [5, 1]])).map((c) => c.choices)).toEqual([[0, 0], [1, 1]]);
    expect(pureEquilibria(cells([[3, 5], [2, 1]])).map((c) => c.choices)).toEqual([[1, 1]]);
  });
});
