// Pairing and the comparison table on small hand-made rows.
import { describe, expect, it } from 'vitest';
import { compareVariants, ComparisonError } from '../../src/analysis/compare.js';
import { pairRuns, type RunMetricRow, type AgentMetricRow } from '../../src/analysis/pairing.js';

const run = (variant: string, seed: number, total_cost: number, params_json = '{}', settlement_rate = 1): RunMetricRow => ({
  run_key: `${variant}-${seed}-${params_json}`,
  variant,
  seed: String(seed),
  params_json,
  metrics: { total_cost, settlement_rate, delay_mean: null },
});

describe('pairing', () => {
  it('pairs by seed and grid point, counts the unpaired, orders seeds numerically', () => {
    const rows = [run('b', 10, 1), run('b', 9, 1), run('b', 2, 1, '{"x":1}'), run('c', 9, 2), run('c', 10, 2), run('c', 2, 2, '{"x":2}'), run('c', 3, 2)];
    const p = pairRuns(rows, 'b', 'c');
    expect(p.pairs.map((x) => x.key)).toEqual(['9', '10']);
    expect(p.unpaired_baseline).toBe(1);
    expect(p.unpaired_candidate).toBe(2);
  });

  it('labels pairs with the grid point when there is one', () => {
    const p = pairRuns([run('b', 1, 1, '{"x":1}'), run('c', 1, 1, '{"x":1}')], 'b', 'c');
    expect(p.pairs[0]!.key).toBe('1 @ {"x":1}');
  });
});

describe('compareVariants', () => {
  const rows = [1, 2, 3, 4].flatMap((s) => [run('base', s, 100 * s), run('cand', s, 100 * s - 10 * s)]);

  it('per metric: differences candidate − baseline, null metrics give no row', () => {
    const c = compareVariants({ runs: rows, baseline: 'base', candidates: ['cand'], metrics: ['total_cost', 'delay_mean'] });
    const m = c.candidates[0]!.metrics;
    expect(m.map((x) => x.metric)).toEqual(['total_cost']);
    // differences −10, −20, −30, −40: mean −25, improvement +25 (lower is better).
    expect(m[0]!.mean_difference).toBe(-25);
    expect(m[0]!.mean_improvement).toBe(25);
    expect(m[0]!.p_holm).toBe(m[0]!.p_t);
    expect(c.ranking).toEqual([{ rank: 1, variant: 'cand', metric: 'total_cost', mean_improvement: 25, p_holm: m[0]!.p_t }]);
  });

  it('per agent with agent-level metrics only', () => {
    const agents: AgentMetricRow[] = rows.flatMap((r) => [
      { run_key: r.run_key, agent: 'A', metrics: { total_cost: r.metrics['total_cost']! / 2 } },
      { run_key: r.run_key, agent: 'B', metrics: { total_cost: r.metrics['total_cost']! / 2 } },
    ]);
    const c = compareVariants({ runs: rows, agents, baseline: 'base', candidates: ['cand'], metrics: ['total_cost', 'settlement_rate'], byAgent: true });
    const byAgent = c.candidates[0]!.agents!;
    expect(byAgent.map((a) => a.agent)).toEqual(['A', 'B']);
    expect(byAgent[0]!.metrics.map((m) => m.metric)).toEqual(['total_cost']);
    expect(byAgent[0]!.metrics[0]!.mean_difference).toBe(-12.5);
  });

  it('says what is wrong with the request', () => {
    const base = { runs: rows, baseline: 'base', candidates: ['cand'], metrics: ['total_cost'] };
    expect(() => compareVariants({ ...base, metrics: ['speed'] })).toThrow(/unknown metric 'speed'/);
    expect(() => compareVariants({ ...base, candidates: ['nope'] })).toThrow(/no finished runs of variant 'nope' \(have: base, cand\)/);
    expect(() => compareVariants({ ...base, candidates: ['base'] })).toThrow(/is the baseline/);
    expect(() => compareVariants({ ...base, runs: [...rows, run('other', 99, 1)], candidates: ['other'] })).toThrow(ComparisonError);
  });
});
