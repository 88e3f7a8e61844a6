// `paysim compare` on a swept store: the table, the --json shape of docs/compare.md, --html, and
// bad input (exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { sweptStore } from '../analysis/store-fixture.js';

let db: string;

beforeAll(async () => {
  db = await sweptStore('paysim-compare-');
});

const METRIC_KEYS = [
  'metric', 'label', 'n', 'direction', 'baseline_mean', 'candidate_mean', 'mean_difference', 'mean_improvement', 'ci_t',
  'ci_bootstrap', 't', 'df', 'p_t', 'p_wilcoxon', 'wilcoxon_method', 'share_improved', 'share_worse', 'worst_pair', 'p_holm',
].sort();

describe('paysim compare', () => {
  it('--json: the documented shape; hold is worse on delay cost in every pair, same is identical', async () => {
    const r = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--candidate', 'same', '--metric', 'cost_delay', '--metric', 'settlement_rate', '--by', 'agent', '--pool', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { candidates: Array<Record<string, unknown>>; ranking: unknown[] };
    expect(Object.keys(doc).sort()).toEqual([
      'baseline', 'bootstrap', 'candidates', 'comparisons', 'confidence', 'experiment', 'grid_point', 'grid_points', 'pooled', 'ranking', 'revision', 'runs',
    ]);
    expect(doc).toMatchObject({ pooled: true, grid_points: 2, revision: 1, grid_point: {} });
    expect(doc).toMatchObject({ experiment: 'fifo-vs-hold', baseline: 'baseline', confidence: 0.95, bootstrap: { resamples: 2000, seed: '1' }, runs: { ok: 60, failed: 0 } });
    const [hold, same] = doc.candidates as Array<{ variant: string; pairs: number; metrics: Array<Record<string, unknown>>; agents: Array<{ agent: string; metrics: unknown[] }> }>;
    expect(hold!.variant).toBe('hold');
    expect(hold!.pairs).toBe(20);
    expect(Object.keys(hold!.metrics[0]!).sort()).toEqual(METRIC_KEYS);
    expect(hold!.metrics[0]).toMatchObject({ metric: 'cost_delay', n: 20, direction: 'lower', share_improved: 0, share_worse: 1 });
    expect(hold!.agents.map((a) => a.agent)).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);
    expect(same!.metrics.every((m) => m['mean_difference'] === 0 && m['p_t'] === 1)).toBe(true);
    expect(doc.ranking).toEqual([
      expect.objectContaining({ rank: 1, variant: 'same' }),
      expect.objectContaining({ rank: 2, variant: 'hold' }),
    ]);
  });

  it('prints a table per candidate on stdout (--pool: one table over both grid points, said in the header)', async () => {
    const r = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--pool']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('POOLED over 2 grid points');
    expect(r.stdout).toContain('hold vs baseline: 20 pairs');
    expect(r.stdout).toMatch(/total_cost\s+lower\s+20/);
    expect(r.stdout).toMatch(/settlement_rate\s+higher\s+20/);
  });

  it('compares per grid point by default; --where keeps points; --json carries the point with every row', async () => {
    const r = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 grid points, one comparison each');
    expect(r.stdout).toContain('grid point agents[*].credit_limit=×0.5\nhold vs baseline: 10 pairs');
    expect(r.stdout).toContain('grid point agents[*].credit_limit=×1\nhold vs baseline: 10 pairs');
    expect(r.stdout).not.toContain('POOLED');
    const json = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--json']);
    const doc = JSON.parse(json.stdout) as { pooled: boolean; comparisons: Array<{ grid_point: unknown; candidates: Array<{ grid_point: unknown; pairs: number }> }> };
    expect(doc.pooled).toBe(false);
    expect(doc.comparisons.map((c) => c.grid_point)).toEqual([{ 'agents[*].credit_limit': { scale: 0.5 } }, { 'agents[*].credit_limit': { scale: 1 } }]);
    for (const c of doc.comparisons) expect(c.candidates.map((x) => [x.grid_point, x.pairs])).toEqual([[c.grid_point, 10]]);
    const where = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--where', 'agents[*].credit_limit=1', '--json']);
    const one = JSON.parse(where.stdout) as { grid_point: unknown; candidates: Array<{ pairs: number }> };
    expect(one.grid_point).toEqual({ 'agents[*].credit_limit': { scale: 1 } });
    expect(one.candidates[0]!.pairs).toBe(10);
    const bad = await cli(['compare', '--db', db, '--baseline', 'baseline', '--where', 'agents[*].credit_limit=3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no grid point has agents[*].credit_limit=3 (values: ×0.5, ×1)');
  });

  it('--html writes a self-contained report', async () => {
    const out = join(dirname(db), 'compare.html');
    const r = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--html', out]);
    expect(r.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h3>hold vs baseline</h3>');
    expect(html).toContain('id="chart-agent-costs"');
  });

  it('bad input exits 2 with a message', async () => {
    const unknown = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no finished runs of variant 'nope' (have: baseline, hold, same)");
    const metric = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--metric', 'speed']);
    expect(metric.status).toBe(2);
    expect(metric.stderr).toContain("unknown metric 'speed'");
    const by = await cli(['compare', '--db', db, '--baseline', 'baseline', '--candidate', 'hold', '--by', 'bank']);
    expect(by.status).toBe(2);
    expect(by.stderr).toContain("--by: expected 'agent'");
    const missing = await cli(['compare', '--db', join(dirname(db), 'none.duckdb'), '--baseline', 'a', '--candidate', 'b']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no store here');
    const experiment = await cli(['compare', '--db', db, '--experiment', 'other', '--baseline', 'a', '--candidate', 'b']);
    expect(experiment.status).toBe(2);
    expect(experiment.stderr).toContain("no experiment 'other'");
  });
});
