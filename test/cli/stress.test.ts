// `paysim stress` as a user meets it, on hand-worked scripted systems (test/fixtures/stress):
// the 3-bank liquidity sink's figures, a small bank closing a cycle ranked above a large
// peripheral one, the --json shape, the page, and bad input exiting 2 before anything is written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const SINK = 'test/fixtures/stress/sink.yaml';
const CYCLE = 'test/fixtures/stress/cycle.yaml';

interface Ranked {
  rank: number;
  agent: string;
  seeds: number;
  change: number;
  ci: [number, number] | null;
  unsettled_value: number;
  unsettled_value_change: number;
  unsettled_count: number;
  unsettled_count_change: number;
  affected_banks: number;
  affected: Array<{ agent: string; share: number; unsettled_increase: number }>;
  deterioration_largest: { agent: string; value: number } | null;
  deterioration_smallest: { agent: string; value: number } | null;
  delay_change: number | null;
  cb_credit: number;
  cb_credit_change: number;
  trapped: number;
  contagion_rounds: number;
  contagion_failed: string[];
}

function tempDb(): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paysim-stress-'));
  return { dir, db: join(dir, 's.duckdb') };
}

describe('paysim stress', () => {
  it('the 3-bank sink: unsettled without A\'s own is B→C alone, B is hit secondarily, A holds exactly what it did not pay', async () => {
    const { dir, db } = tempDb();
    const html = join(dir, 'stress.html');
    const result = await cli(['stress', SINK, '--participants', 'A', '--at-tick', '2', '--mode', 'default', '--db', db, '--json', '--html', html]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, unknown>;
    // The --json shape: every key a script reads.
    expect(Object.keys(doc).sort()).toEqual(
      ['baseline', 'contagion', 'experiment', 'failed', 'failure', 'heatmap', 'interrupted', 'participants', 'phases', 'rank_by', 'ranking', 'runs_already_stored', 'runs_run', 'scenario', 'seeds', 'thresholds', 'unpaired', 'wall_ms'].sort(),
    );
    expect(doc['experiment']).toBe('stress-sink');
    expect(doc['failure']).toEqual({ at_tick: 2, mode: 'default' });
    expect(doc['participants']).toEqual(['A']);
    expect(doc['seeds']).toEqual(['1']);
    expect(doc['rank_by']).toBe('unsettled_value');
    expect(doc['runs_run']).toBe(2);
    // Baseline: all four payments settle.
    expect(doc['baseline']).toMatchObject({ seeds: 1, unsettled_value: 0, unsettled_count: 0 });
    const [a] = doc['ranking'] as Ranked[];
    // A→B 15 000 (A's own) is left out; B→C 15 000 waits in Q2 to the end of the day.
    expect(a).toMatchObject({ rank: 1, agent: 'A', seeds: 1, change: 15_000, ci: null, unsettled_value: 15_000, unsettled_value_change: 15_000, unsettled_count: 1, unsettled_count_change: 1 });
    expect(a!.affected).toEqual([{ agent: 'B', share: 1, unsettled_increase: 15_000 }]);
    // A received 10 000 + 5 000 and paid nothing: 15 000 more than the baseline's 0 at the close.
    expect(a!.trapped).toBe(15_000);
    expect(a!.contagion_rounds).toBe(0);
    expect(doc['heatmap']).toEqual([{ failed: 'A', affected: 'B', share: 1, unsettled_increase: 15_000 }]);
    // Phases: A's balance 15 000 above the baseline's from tick 3 (A→B never paid); B→C in Q2 from tick 4.
    const phases = doc['phases'] as { agent: string; seed: string; ticks: Array<{ tick: number; trapped: number; q2_value: number; q2_value_baseline: number; affected: number }> };
    expect(phases.agent).toBe('A');
    expect(phases.ticks).toHaveLength(10);
    expect(phases.ticks[2]).toEqual({ tick: 2, trapped: 0, q2_value: 0, q2_value_baseline: 0, affected: 0 });
    expect(phases.ticks[3]).toMatchObject({ trapped: 15_000, q2_value: 0, affected: 0 });
    expect(phases.ticks[4]).toEqual({ tick: 4, trapped: 15_000, q2_value: 15_000, q2_value_baseline: 0, affected: 1 });
    const page = readFileSync(html, 'utf8');
    for (const id of ['chart-stress-ranking', 'chart-stress-heatmap', 'chart-stress-phases']) expect(page).toContain(id);

    // The runs compare like any others: the failure against the baseline, seed for seed.
    const compare = await cli(['compare', '--experiment', 'stress-sink', '--baseline', 'baseline', '--candidate', 'fail:A', '--db', db, '--json']);
    expect(compare.status).toBe(0);
  });

  it('a small bank closing a payment cycle ranks above a larger peripheral bank: size alone does not decide', async () => {
    const { db } = tempDb();
    const result = await cli(['stress', CYCLE, '--participants', 'P,S', '--at-tick', '3', '--db', db, '--json']);
    expect(result.status).toBe(0);
    const ranking = (JSON.parse(result.stdout) as { ranking: Ranked[] }).ranking;
    expect(ranking.map((r) => r.agent)).toEqual(['S', 'P']);
    // S: X→Y at tick 4 and Y→S at tick 5 never settle (100 each); P: only its own 5 000 is left.
    expect(ranking[0]).toMatchObject({ change: 200, unsettled_count: 2, affected_banks: 2 });
    expect(ranking[0]!.affected.map((a) => a.agent)).toEqual(['X', 'Y']);
    expect(ranking[1]).toMatchObject({ change: 0, unsettled_value: 0, affected_banks: 0, trapped: 5_000 });

    // --top 1 picks by value sent in the baseline: P (10 000) before X, Y and S (200 each).
    const top = await cli(['stress', CYCLE, '--top', '1', '--at-tick', '3', '--db', db, '--json']);
    expect(top.status).toBe(0);
    const topDoc = JSON.parse(top.stdout) as { participants: string[]; runs_run: number; runs_already_stored: number };
    expect(topDoc.participants).toEqual(['P']);
    expect(topDoc).toMatchObject({ runs_run: 0, runs_already_stored: 2 });
  });

  it('a stress file sets the study; flags override it; text output names the ranking', async () => {
    const { dir, db } = tempDb();
    const file = join(dir, 'study.yaml');
    writeFileSync(file, `stress:\n  scenario: ${join(process.cwd(), CYCLE)}\n  experiment: cycle-study\n  participants: [S, P]\n  failure: {at_tick: 3, mode: operational}\n  seeds: [1, 2]\n`);
    const result = await cli(['stress', file, '--db', db]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^paysim stress .*cycle\.yaml: experiment cycle-study, 2 participant\(s\) failing one at a time \(mode operational at tick 3\), 2 seed\(s\); 6 run\(s\) run/);
    expect(result.stdout).toContain("Ranking by value unsettled, the failed bank's own excluded");
    // Every seed gives the same 200 (scripted payments only): the interval has no width.
    expect(result.stdout).toMatch(/\n1 +S +200 +200 … 200 +200 /);
  });

  const bad: Array<[string, string[], string]> = [
    ['an unknown participant', ['--participants', 'A,Z'], "paysim: --participants: unknown participant 'Z' (the scenario's agents: A, B, C)"],
    ['a failure after the end of the run', ['--at-tick', '10'], 'paysim: --at-tick: the failure at tick 10 comes after the end of the run (ticks 0 to 9)'],
    ['a share outside 0..1', ['--mode', 'partial', '--share', '1.5'], "paysim: --share: expected a share 0 ≤ x ≤ 1, got '1.5'"],
    ['a share without mode partial', ['--share', '0.5'], 'paysim: --share: share is for mode partial (the share of its orders by value a partly failed participant still releases)'],
    ['an unknown mode', ['--mode', 'panic'], "paysim: --mode: expected one of operational, default, partial, got 'panic'"],
    ['an unknown ranking metric', ['--rank-by', 'size'], 'paysim: --rank-by: expected one of unsettled_value, unsettled_count, affected_banks, deterioration, delay, cb_credit, trapped, got \'size\''],
    ['--top past the number of banks', ['--top', '4'], "paysim: --top: expected a number of participants from 1 to 3 (the scenario's agents), got 4"],
  ];
  for (const [what, flags, message] of bad) {
    it(`${what} exits 2 with one line and writes nothing`, async () => {
      const { db } = tempDb();
      const result = await cli(['stress', SINK, ...flags, '--db', db]);
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`${message}\n`);
      expect(result.stdout).toBe('');
      expect(existsSync(db)).toBe(false);
    });
  }

  it('a stress file\'s problems name the file and the path in it', async () => {
    const { dir, db } = tempDb();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `stress:\n  scenario: ${join(process.cwd(), SINK)}\n  participants: [A, Z]\n  failure: {at_tick: 99, mode: default}\n`);
    const result = await cli(['stress', file, '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `paysim: ${file}: stress.failure.at_tick: the failure at tick 99 comes after the end of the run (ticks 0 to 9)\n` +
        `paysim: ${file}: stress.participants[1]: unknown participant 'Z' (the scenario's agents: A, B, C)\n`,
    );
    writeFileSync(file, `stress:\n  scenario: ${join(process.cwd(), SINK)}\n  failure: {at_tick: 2, mode: partial, share: 1.5}\n`);
    const share = await cli(['stress', file, '--db', db]);
    expect(share.status).toBe(2);
    expect(share.stderr).toMatch(new RegExp(`^paysim: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: stress\\.failure\\.share: .*1\\.5`));
    expect(existsSync(db)).toBe(false);
  });
});
