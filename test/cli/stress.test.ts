// `paysim stress` as a user meets it, on hand-worked scripted systems (test/fixtures/stress):
// the 3-bank liquidity sink's figures, a small bank closing a cycle ranked above a large
// peripheral one, the --json shape, the page, and bad input exiting 2 before anything is written.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { rows } from '../../src/store/read.js';
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
  to_failed_change: number;
  knock_on_value_change: number;
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

/** Rows of a query on a study's store (read-only). */
async function query(db: string, sql: string, params: string[] = []): Promise<Array<Record<string, unknown>>> {
  const store = await openStore(db, { readOnly: true });
  try {
    return await rows(store.connection, sql, params);
  } finally {
    store.close();
  }
}

/** Each agent's closing balance and value left unsettled at the end of the day in one variant's run. */
async function agentDay(db: string, variant: string): Promise<Record<string, { closing: number; unsettled: number; dropped: number }>> {
  const found = await query(
    db,
    `SELECT a.agent, a.closing_balance, coalesce(a.unsettled_eod_value, 0) AS unsettled, a.dropped_value FROM agent_days a JOIN runs r USING (run_key)
     WHERE r.variant = $1 ORDER BY a.agent`,
    [variant],
  );
  return Object.fromEntries(found.map((r) => [String(r['agent']), { closing: Number(r['closing_balance']), unsettled: Number(r['unsettled']), dropped: Number(r['dropped_value']) }]));
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
    // A received 15 000 in both runs: nothing owed to A is left; all of it is between survivors.
    expect(a).toMatchObject({ to_failed_change: 0, knock_on_value_change: 15_000 });
    expect(a!.affected).toEqual([{ agent: 'B', share: 1, unsettled_increase: 15_000 }]);
    // A received 10 000 + 5 000 and paid nothing: 15 000 more than the baseline's 0 at the close.
    expect(a!.trapped).toBe(15_000);
    expect(a!.contagion_rounds).toBe(0);
    expect(doc['heatmap']).toEqual([{ failed: 'A', affected: 'B', share: 1, unsettled_increase: 15_000 }]);
    // Phases: A's balance 15 000 above the baseline's from tick 3 (A→B never paid); B→C in Q2 from tick 4.
    const phases = doc['phases'] as {
      agent: string;
      seed: string;
      ticks: Array<{ tick: number; trapped: number; q2_value: number; q2_value_baseline: number; affected: number; dropped_value: number; dropped_value_baseline: number }>;
    };
    expect(phases.agent).toBe('A');
    expect(phases.ticks).toHaveLength(10);
    expect(phases.ticks[2]).toEqual({ tick: 2, trapped: 0, q2_value: 0, q2_value_baseline: 0, affected: 0, dropped_value: 0, dropped_value_baseline: 0 });
    expect(phases.ticks[3]).toMatchObject({ trapped: 15_000, q2_value: 0, affected: 0 });
    expect(phases.ticks[4]).toEqual({ tick: 4, trapped: 15_000, q2_value: 15_000, q2_value_baseline: 0, affected: 1, dropped_value: 0, dropped_value_baseline: 0 });
    // Deadlines at tick 9, the day's last: B→C is left queued at the end of the day, never dropped.
    expect(phases.ticks[9]).toMatchObject({ q2_value: 15_000, dropped_value: 0 });
    const page = readFileSync(html, 'utf8');
    for (const id of ['chart-stress-ranking', 'chart-stress-heatmap', 'chart-stress-phases']) expect(page).toContain(id);
    // Money as everywhere else: cents grouped by a space (the page once printed 15,000).
    expect(page).toContain('>15 000<');
    expect(page).not.toContain('15,000');

    // The runs compare like any others: the failure against the baseline, seed for seed.
    const compare = await cli(['compare', '--experiment', 'stress-sink', '--baseline', 'baseline', '--candidate', 'fail:A', '--db', db, '--json']);
    expect(compare.status).toBe(0);
  });

  it('the failure is the engine\'s participant_failure event; the runs are revision 2 of the study; balances as worked by hand', async () => {
    const { db } = tempDb();
    const result = await cli(['stress', SINK, '--participants', 'A', '--at-tick', '2', '--db', db, '--json']);
    expect(result.status).toBe(0);
    const docs = await query(db, `SELECT d.document_json FROM runs r JOIN run_context c USING (run_key) JOIN scenario_documents d USING (scenario_sha256) WHERE r.variant = 'fail:A'`);
    const events = (JSON.parse(String(docs[0]!['document_json'])) as { scenario_events: Array<Record<string, unknown>> }).scenario_events;
    expect(events.at(-1)).toEqual({ at_tick: 2, type: 'participant_failure', agent: 'A', mode: 'default' });
    expect(await query(db, 'SELECT DISTINCT c.revision FROM runs JOIN run_context c USING (run_key)')).toEqual([{ revision: 2 }]);
    // Baseline: A 0 +10 000 +5 000 −15 000 = 0; B 10 000 −10 000 +15 000 −15 000 = 0; C 5 000 −5 000 +15 000 = 15 000.
    expect(await agentDay(db, 'baseline')).toEqual({ A: { closing: 0, unsettled: 0, dropped: 0 }, B: { closing: 0, unsettled: 0, dropped: 0 }, C: { closing: 15_000, unsettled: 0, dropped: 0 } });
    // A's default: A 0 +10 000 +5 000 = 15 000 (A→B 15 000 unpaid); B 10 000 −10 000 = 0 with B→C 15 000 queued; C 5 000 −5 000 = 0.
    expect(await agentDay(db, 'fail:A')).toEqual({ A: { closing: 15_000, unsettled: 15_000, dropped: 0 }, B: { closing: 0, unsettled: 15_000, dropped: 0 }, C: { closing: 0, unsettled: 0, dropped: 0 } });
  });

  it('announced at once, survivors holding payments to a failed bank: C keeps its payment and its 5 000, exactly', async () => {
    const { db } = tempDb();
    const result = await cli(['stress', SINK, '--participants', 'A', '--at-tick', '2', '--announce-after', '0', '--db', db, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { failure: unknown; ranking: Ranked[] };
    expect(doc.failure).toEqual({ at_tick: 2, mode: 'default', announce_after: 0 });
    // B→A 10 000 settled at tick 1, before the failure. C→A 5 000 arrives at tick 2, when A is
    // announced: C holds it in its Q1 and keeps 5 000. A ends with 10 000 (baseline 0), not 15 000.
    // Unsettled, A's own excluded: C→A 5 000 (held) + B→C 15 000 (B has 0, A→B unpaid) = 20 000 in 2.
    expect(await agentDay(db, 'fail:A')).toEqual({ A: { closing: 10_000, unsettled: 15_000, dropped: 0 }, B: { closing: 0, unsettled: 15_000, dropped: 0 }, C: { closing: 5_000, unsettled: 5_000, dropped: 0 } });
    const [a] = doc.ranking;
    expect(a).toMatchObject({ agent: 'A', change: 20_000, unsettled_value: 20_000, unsettled_count: 1 + 1, trapped: 10_000 });
    // Of the 20 000: C→A 5 000 owed to A (A received 15 000 in the baseline, 10 000 here); B→C 15 000 between survivors.
    expect(a).toMatchObject({ to_failed_change: 5_000, knock_on_value_change: 15_000 });
    // Both survivors left more unsettled than in the baseline: B 15 000 (it was not paid), C 5 000 (its held payment to A).
    expect(a!.affected).toEqual([
      { agent: 'B', share: 1, unsettled_increase: 15_000 },
      { agent: 'C', share: 1, unsettled_increase: 5_000 },
    ]);
    // Lowest balance: B 0 in both runs (deterioration 0); C 0 in the baseline (after paying A at tick 2), 5 000 here: −5 000, better off.
    expect(a!.deterioration_largest).toEqual({ agent: 'B', value: 0 });
    expect(a!.deterioration_smallest).toEqual({ agent: 'C', value: -5_000 });
  });

  it('--reject-incoming: C\'s payment, released at the announcement, is returned to C; C keeps its 5 000', async () => {
    const { dir, db } = tempDb();
    // The same banks paying into the failure (no hold): C releases C→A at tick 2 and the RTGS rejects it.
    const paying = join(dir, 'sink-paying.yaml');
    writeFileSync(paying, readFileSync(SINK, 'utf8').replaceAll(', on_counterparty_failure: hold', ''));
    const result = await cli(['stress', paying, '--participants', 'A', '--at-tick', '2', '--announce-after', '0', '--reject-incoming', '--db', db, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { failure: unknown; ranking: Ranked[] };
    expect(doc.failure).toEqual({ at_tick: 2, mode: 'default', announce_after: 0, reject_incoming: true });
    // C→A 5 000 is dropped (rejected) instead of held: unsettled the same 20 000, C's 5 000 as dropped value.
    expect(await agentDay(db, 'fail:A')).toEqual({ A: { closing: 10_000, unsettled: 15_000, dropped: 0 }, B: { closing: 0, unsettled: 15_000, dropped: 0 }, C: { closing: 5_000, unsettled: 0, dropped: 5_000 } });
    expect(doc.ranking[0]).toMatchObject({ change: 20_000, trapped: 10_000, to_failed_change: 5_000, knock_on_value_change: 15_000 });
  });

  it('with the central bank\'s facility the knock-on becomes central-bank credit: B draws 15 000 and pays C; B is affected by its credit', async () => {
    const { dir, db } = tempDb();
    // Every bank may draw up to 20 000 against collateral at no haircut, free of interest.
    const withFacility = join(dir, 'sink-cb.yaml');
    writeFileSync(withFacility, `${readFileSync(SINK, 'utf8')}cb_credit_facility: {rate_bps_per_tick: 0, collateral: [{class: govt, value: 20000, haircut: 0}]}\n`);
    const result = await cli(['stress', withFacility, '--participants', 'A', '--at-tick', '2', '--db', db, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Baseline: nobody draws (every payment is covered by a balance). With A's default, B holds 0
    // when B→C 15 000 arrives at tick 4: it draws the 15 000 shortfall and C is paid. Nothing is
    // left unsettled but A's own; B's central-bank credit is 15 000 against 0.
    const [a] = (JSON.parse(result.stdout) as { ranking: Ranked[] }).ranking;
    expect(a).toMatchObject({ change: 0, unsettled_value: 0, cb_credit: 15_000, cb_credit_change: 15_000, trapped: 15_000 });
    expect(a!.affected).toEqual([{ agent: 'B', share: 1, unsettled_increase: 0 }]);
    // B's balance: 10 000 − 10 000 (to A) + 15 000 (drawn) − 15 000 (to C) = 0; it still owes 15 000 overnight.
    const owed = await query(db, `SELECT a.closing_balance, a.cb_drawn, a.cb_exposure_eod FROM agent_days a JOIN runs r USING (run_key) WHERE r.variant = 'fail:A' AND a.agent = 'B'`);
    expect(owed).toEqual([{ closing_balance: 0, cb_drawn: 15_000, cb_exposure_eod: 15_000 }]);
  });

  it('mode partial, share 0.5: P releases 5 000 of its 10 000 and holds the rest; nobody else is hurt', async () => {
    const { db } = tempDb();
    // P fails at tick 0. Tick 1: P→H 5 000 arrives: ordered 5 000, budget 0.5 × 5 000 = 2 500, held.
    // Tick 5: P→H 5 000 more: ordered 10 000, budget 5 000: the first (5 000 ≤ 5 000) goes, the second is held.
    // P ends 10 000 − 5 000 = 5 000 against the baseline's 0: 5 000 trapped; its own unpaid 5 000 is not the others' damage.
    const result = await cli(['stress', CYCLE, '--participants', 'P', '--at-tick', '0', '--mode', 'partial', '--share', '0.5', '--db', db, '--json']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { failure: unknown; ranking: Ranked[] };
    expect(doc.failure).toEqual({ at_tick: 0, mode: 'partial', share: 0.5 });
    expect(doc.ranking[0]).toMatchObject({ agent: 'P', change: 0, unsettled_value: 0, affected_banks: 0, trapped: 5_000 });
  });

  it('reject_incoming written false is the same study as not written: re-run from a file, nothing runs again', async () => {
    const { dir, db } = tempDb();
    const first = await cli(['stress', SINK, '--participants', 'A', '--at-tick', '2', '--announce-after', '1', '--experiment', 'same', '--db', db, '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ runs_run: 2, runs_already_stored: 0 });
    const file = join(dir, 'study.yaml');
    writeFileSync(file, `stress:\n  scenario: ${join(process.cwd(), SINK)}\n  experiment: same\n  participants: [A]\n  failure: {at_tick: 2, mode: default, announce_after: 1, reject_incoming: false}\n  seeds: [1]\n`);
    const again = await cli(['stress', file, '--db', db, '--json']);
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ failure: { at_tick: 2, mode: 'default', announce_after: 1 }, runs_run: 0, runs_already_stored: 2 });
  });

  it('contagion over three days: B fails on day 1, C on day 2 — 2 rounds, 200 unsettled where, without contagion, nothing is', async () => {
    const CONTAGION = 'test/fixtures/stress/contagion.yaml';
    const { db } = tempDb();
    const args = ['stress', CONTAGION, '--participants', 'A', '--at-tick', '0', '--db', db, '--json'];
    // Without contagion: B→C waits from tick 2 to tick 6 (D→B 100 arrives); all else settles on entry.
    // Value-weighted delay: (100 × 4 + 100 × 0 + 100 × 0 + 100 × 0) / 400 = 1 tick against the baseline's 0.
    const plain = JSON.parse((await cli([...args, '--experiment', 'no-contagion'])).stdout) as { ranking: Ranked[] };
    expect(plain.ranking[0]).toMatchObject({ change: 0, unsettled_value: 0, affected_banks: 0, delay_change: 1, trapped: 100, contagion_rounds: 0, contagion_failed: [] });
    // With contagion: round 0 finds B short at the end of day 0 (B→C 100 queued, baseline 0) → B
    // fails at tick 5. Round 1: B keeps D's 100, C→E waits, C ends day 1 short → C fails at tick 10.
    // Round 2 examines day 2, the last: stop. Unsettled, A's own excluded: B→C 100 + C→E 100.
    const result = await cli([...args, '--contagion']);
    expect(result.status).toBe(0);
    const doc = JSON.parse(result.stdout) as { ranking: Ranked[]; runs_run: number; phases: { ticks: Array<{ tick: number; affected: number; q2_value: number }> } };
    expect(doc.runs_run).toBe(4); // the baseline and rounds 0, 1, 2
    expect(doc.ranking[0]).toMatchObject({ change: 200, unsettled_value: 200, unsettled_count: 2, contagion_rounds: 2, contagion_failed: ['B', 'C'], trapped: 100 });
    expect(doc.ranking[0]!.affected.map((a) => [a.agent, a.unsettled_increase])).toEqual([['B', 100], ['C', 100]]);
    // Phases of the last round: B→C in Q2 from tick 2 until B defaults at tick 5 (withdrawn to its Q1); C→E in Q2 from tick 7 to tick 9.
    expect(doc.phases.ticks.map((t) => t.q2_value)).toEqual([0, 0, 100, 100, 100, 0, 0, 100, 100, 100, 0, 0, 0, 0, 0]);
    expect(doc.phases.ticks.map((t) => t.affected)).toEqual([0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    // Each round is a variant at the study's one grid point, so each pairs with the baseline.
    const variants = await query(db, "SELECT variant, params_json FROM runs WHERE experiment_id = 'stress-contagion' ORDER BY variant");
    expect(variants.map((r) => r['variant'])).toEqual(['baseline', 'fail:A', 'fail:A@round1', 'fail:A@round2']);
    expect(new Set(variants.map((r) => r['params_json'])).size).toBe(1);
    const compare = await cli(['compare', '--experiment', 'stress-contagion', '--baseline', 'baseline', '--candidate', 'fail:A@round2', '--db', db, '--json']);
    expect(compare.stderr).toBe('');
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
    // Of the 200, Y→S 100 is owed to S (S received 200 in the baseline, 100 here); X→Y 100 is knock-on between survivors.
    expect(ranking[0]).toMatchObject({ to_failed_change: 100, knock_on_value_change: 100 });
    // Ranked by the knock-on alone, S still comes first: 100 against P's 0.
    const knockOn = await cli(['stress', CYCLE, '--participants', 'P,S', '--at-tick', '3', '--rank-by', 'knock_on_value', '--db', db, '--json']);
    expect((JSON.parse(knockOn.stdout) as { ranking: Ranked[] }).ranking.map((r) => [r.agent, r.change])).toEqual([['S', 100], ['P', 0]]);
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
    ['an unknown ranking metric', ['--rank-by', 'size'], 'paysim: --rank-by: expected one of unsettled_value, unsettled_count, knock_on_value, affected_banks, deterioration, delay, cb_credit, trapped, got \'size\''],
    ['--reject-incoming without an announcement', ['--reject-incoming'], 'paysim: --reject-incoming: rejection starts when the failure is announced, and this one never is (no announce_after)'],
    ['--reject-incoming for an operational failure', ['--mode', 'operational', '--announce-after', '0', '--reject-incoming'], 'paysim: --reject-incoming: only a default rejects incoming payments (this failure is operational)'],
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

  it('a reaction naming an unknown mode (on_counterparty_failure: foo) exits 2 naming the scenario file and the path', async () => {
    const { dir, db } = tempDb();
    const scenario = join(dir, 'foo.yaml');
    writeFileSync(scenario, readFileSync(SINK, 'utf8').replace('Fifo, on_counterparty_failure: hold', 'Fifo, on_counterparty_failure: foo'));
    const result = await cli(['stress', scenario, '--db', db]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`paysim: ${scenario}: agents[0].policy.on_counterparty_failure: must be one of "hold", "release"\n`);
    expect(result.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

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
