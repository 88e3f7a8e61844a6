// `paysim optimize` end to end on a small search: trials stored as runs and as trial rows,
// confirmation, the winner's file, a second run that executes nothing, and bad sections
// refused with paths before anything runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from '../helpers/cli.js';
import { queryFile, tempDir } from '../store/helpers.js';

const FIXTURE = 'test/optimize/fixtures/credit.yaml';

/** The fixture with its optimize section changed, written next to it (relative paths keep working). */
function variantOf(change: (o: Record<string, unknown>) => void): string {
  const doc = parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<string, unknown>>;
  change(doc['optimize']!);
  const file = join('test/optimize/fixtures', `tmp-${process.pid}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

describe('paysim optimize', () => {
  it('stores every trial, confirms the winner, writes it out, and resumes without running anything again', async () => {
    const dir = tempDir();
    const db = join(dir, 'o.duckdb');
    const out = join(dir, 'winner.json');
    const first = await cli(['optimize', FIXTURE, '--db', db, '--workers', '1', '--out', out, '--json']);
    expect(first.status, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout) as {
      optimization_id: string;
      evaluations: number;
      runs_executed: number;
      best: { key: string; assignment: { credit: number } };
      search_runs_executed: number;
      confirmation: { seeds: number; stats: { n: number; mean_improvement: number }; runs_requested: number; runs_executed: number; confirmed: boolean };
      trials: Array<{ key: string; status: string; seeds: string[] }>;
    };
    expect(report.evaluations).toBeLessThanOrEqual(24);
    // Search runs plus the confirmation's baseline and winner on 3 fresh seeds.
    expect(report.runs_executed).toBe(report.evaluations + 6);
    // Counted apart (issue 26: "63 run(s) requested, 65 executed").
    expect(report.search_runs_executed).toBe(report.evaluations);
    expect(report.confirmation).toMatchObject({ runs_requested: 6, runs_executed: 6, confirmed: report.confirmation.stats.mean_improvement > 0 });
    expect(report.trials[0]!.status).toBe('incumbent');
    expect(report.confirmation.stats.n).toBe(3);
    const [stored] = await queryFile(db, `SELECT count(*) AS trials, count(DISTINCT variant) AS variants FROM optimization_trials WHERE optimization_id = '${report.optimization_id}'`);
    expect(stored!['trials']).toBe(report.trials.length);
    const runs = await queryFile(db, `SELECT variant, count(*) AS n FROM runs WHERE experiment_id = 'credit-search' GROUP BY ALL ORDER BY variant`);
    expect(runs.find((r) => r['variant'] === 'baseline')!['n']).toBe(3);
    expect(runs.find((r) => r['variant'] === report.best.key)!['n']).toBe(6);
    const winner = JSON.parse(readFileSync(out, 'utf8')) as { provenance: { optimization_id: string; confirmation: { seeds: number } }; variant: { set: Record<string, unknown> } };
    expect(winner.provenance.optimization_id).toBe(report.optimization_id);
    expect(winner.provenance.confirmation.seeds).toBe(3);
    expect(winner.variant.set).toEqual({ 'agents[BANK_A].credit_limit': report.best.assignment.credit });

    // The same command again: the same trials, from the store, no run executed.
    const again = await cli(['optimize', FIXTURE, '--db', db, '--workers', '1', '--out', out, '--json']);
    expect(again.status, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as typeof report;
    expect(second.runs_executed).toBe(0);
    expect(second.trials.map((t) => t.key)).toEqual(report.trials.map((t) => t.key));
    expect(second.best.key).toBe(report.best.key);

    // compare works on the stored runs like on any sweep's.
    const compare = await cli(['compare', '--db', db, '--experiment', 'credit-search', '--baseline', 'baseline', '--candidate', report.best.key]);
    expect(compare.status, compare.stderr).toBe(0);
    expect(compare.stdout).toContain(report.best.key);
  });

  it.each([
    ['an unknown path', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[0]!['path'] = 'agents[BANK_A].credit_limitt'), 'optimize.parameters[0]', /credit_limitt/],
    ['empty bounds', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[0]!['bounds'] = [5, 5]), 'optimize.parameters[0].bounds', /empty range/],
    ['an objective that is no metric', (o: Record<string, unknown>) => ((o['objective'] as Record<string, unknown>)['metric'] = 'happiness'), 'optimize.objective.metric', /not a stored metric/],
    ['an unknown agent', (o: Record<string, unknown>) => ((o['objective'] as Record<string, unknown>)['agent'] = 'BANK_Z'), 'optimize.objective.agent', /no agent 'BANK_Z'/],
    ['confirmation seeds that are search seeds', (o: Record<string, unknown>) => (o['confirm_seeds'] = [2, 50]), 'optimize.confirm_seeds', /must be fresh/],
    ['a tree parameter of an agent without a Tree policy', (o: Record<string, unknown>) => ((o['parameters'] as Array<Record<string, unknown>>)[0] = { name: 'x', agent: 'BANK_A', tree: 'x', type: 'real', bounds: [0, 1] }), 'optimize.parameters[0].tree', /does not run a Tree policy/],
    ['an unknown key', (o: Record<string, unknown>) => (o['budgett'] = {}), 'optimize', /budgett/],
    ['a start naming an unknown parameter', (o: Record<string, unknown>) => (o['start'] = { credt: 5 }), 'optimize.start.credt', /unknown parameter 'credt'/],
    ['a start outside the bounds', (o: Record<string, unknown>) => (o['start'] = { credit: 2000000 }), 'optimize.start.credit', /2000000 is outside the bounds \[0, 1000000\]/],
    ['search seeds past 2^64 − 1', (o: Record<string, unknown>) => (o['seeds'] = { from: '18446744073709551615', count: 2 }), 'optimize.seeds.count', /go past 2\^64 − 1/],
    ['a confirmation seed past 2^64 − 1', (o: Record<string, unknown>) => (o['confirm_seeds'] = [60, '18446744073709551616']), 'optimize.confirm_seeds[1]', /too large \(expected a seed 0 ≤ n < 2\^64\)/],
    ['a fractional start for an integer parameter', (o: Record<string, unknown>) => (o['start'] = { credit: 2.5 }), 'optimize.start.credit', /expected a whole number, got 2\.5/],
  ])('refuses %s with exit 2 and a path, before anything runs', async (_what, change, path, message) => {
    const file = variantOf(change);
    const db = join(tempDir(), 'never.duckdb');
    try {
      const r = await cli(['optimize', file, '--db', db]);
      expect(r.status).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.includes(`: ${path}`));
      expect(line, r.stderr).toBeDefined();
      expect(line).toMatch(message);
      expect(existsSync(db)).toBe(false);
    } finally {
      (await import('node:fs')).rmSync(file);
    }
  });
});
