// What `paysim optimize` prints (issue 26): means exact to the hundredth of a cent (not six
// significant digits), the search's runs and the confirmation's counted apart, "not confirmed"
// when the winner is worse than the baseline on fresh seeds, and a warning for a result on the
// search box's boundary. The report is built by hand: the text is a function of it alone.
import { describe, expect, it } from 'vitest';
import type { PairedStats } from '../../src/analysis/paired.js';
import { optimizationText } from '../../src/cli/optimize-text.js';
import { boundaryHits, type OptimizationReport } from '../../src/optimize/optimization.js';
import type { Parameter } from '../../src/optimize/space.js';

const space: Parameter[] = [
  { name: 'credit', type: 'integer', low: 0, high: 1_000_000, values: [], levels: 21 },
  { name: 'share', type: 'real', low: 0, high: 1, values: [], levels: null },
  { name: 'kind', type: 'choice', low: 0, high: 0, values: ['a', 'b'], levels: null },
];

function stats(baseline: number, candidate: number): PairedStats {
  return {
    n: 20,
    direction: 'minimize',
    baseline_mean: baseline,
    candidate_mean: candidate,
    mean_difference: candidate - baseline,
    mean_improvement: baseline - candidate,
    ci_t: [candidate - baseline - 10.25, candidate - baseline + 10.25],
    t: 1,
    df: 19,
    p_t: 0.01,
    p_wilcoxon: 7e-17,
    wilcoxon_method: 'normal',
  } as unknown as PairedStats;
}

function report(confirmationStats: PairedStats, assignment: Record<string, unknown>): OptimizationReport {
  const best = { index: 1, key: 't-abc', assignment, seeds: ['1', '2'], values: [31_316_408.2, 31_316_408.4], mean: 31_316_408.3, constraint_means: [], versus: null, status: 'accepted', reason: '', evaluations: 2 };
  return {
    optimization_id: 'o-1',
    experiment: 'optimize-credit',
    revision: 1,
    mode: 'search',
    method: 'nelder-mead',
    objective: 'total_cost of BANK_A (minimize is better)',
    trials: [{ ...best, round: null, agent: null, runs_executed: 2 }],
    evaluations: 63,
    search_runs_executed: 59,
    runs_executed: 59 + 40,
    on_boundary: boundaryHits(space, assignment),
    stopped: 'budget',
    best,
    equilibrium: null,
    confirmation: {
      seeds: 20,
      baseline: 'baseline',
      winner: 't-abc',
      runs_requested: 40,
      runs_executed: 40,
      confirmed: confirmationStats.mean_improvement > 0,
      stats: confirmationStats,
      by_agent: null,
    },
    winner_file: 'results/optimize/o-1.json',
    policy_files: {},
  } as unknown as OptimizationReport;
}

describe('paysim optimize text', () => {
  it('prints means exactly, and the search’s runs apart from the confirmation’s', () => {
    const text = optimizationText(report(stats(31_400_000.5, 31_316_408.3), { credit: 200_000, share: 0.5, kind: 'a' }));
    expect(text).toContain('63 search run(s) requested, 59 executed (4 were stored), stopped: budget');
    expect(text).toContain('40 confirmation run(s) requested (baseline and t-abc on each fresh seed), 40 executed');
    expect(text).toContain('best: t-abc {"credit":200000,"share":0.5,"kind":"a"} mean 31 316 408.30 on 2 search seed(s)');
    expect(text).toContain('baseline 31 400 000.50, winner 31 316 408.30, difference -83 592.20 (95% CI [-83 602.45, -83 581.95]');
    expect(text).toContain('Wilcoxon p 7.00e-17');
    expect(text).toContain("confirmed: the winner's mean is better than the baseline's on the fresh seeds\n");
    // Better on average, with an interval that includes 0: said.
    const wide = stats(31_400_000.5, 31_316_408.3);
    const noisy = optimizationText(report({ ...wide, ci_t: [-200_000, 30_000] } as PairedStats, { credit: 200_000, share: 0.5, kind: 'a' }));
    expect(noisy).toContain("confirmed: the winner's mean is better than the baseline's on the fresh seeds (not significant: the 95% interval includes 0)");
    expect(text).not.toMatch(/31316400|NOT CONFIRMED|warning/);
  });

  it('says "not confirmed" when the winner is worse than the baseline on the fresh seeds', () => {
    const text = optimizationText(report(stats(31_000_000, 31_316_408.3), { credit: 200_000, share: 0.5, kind: 'a' }));
    expect(text).not.toMatch(/^best:/m);
    expect(text).toContain('best on the search seeds (not confirmed, see below): t-abc');
    expect(text).toContain("NOT CONFIRMED: on the fresh seeds the winner is no better than the baseline");
    expect(text).toContain('winner written to results/optimize/o-1.json (not confirmed: its provenance says confirmed: false)');
  });

  it('warns when the optimum sits on a bound of the search box', () => {
    const text = optimizationText(report(stats(31_400_000, 31_316_408.3), { credit: 1_000_000, share: 0, kind: 'b' }));
    expect(text).toContain('warning: credit = 1000000 is on the upper bound of the search box [0, 1000000]: the optimum may lie outside it (widen the bounds to check)');
    expect(text).toContain('warning: share = 0 is on the lower bound of the search box [0, 1]');
    expect(text).not.toContain('kind =');
  });

  it('says "the equilibrium" when an equilibrium profile sits on a bound', () => {
    const r = report(stats(31_400_000, 31_316_408.3), { credit: 0, share: 0.5, kind: 'a' });
    const e = { ...r, mode: 'equilibrium', best: null, equilibrium: { status: 'converged', rounds: 2, profile: { credit: 0 }, regret: {}, objective: {}, path: [] }, confirmation: { ...r.confirmation!, confirmed: null } } as unknown as OptimizationReport;
    const text = optimizationText(e);
    expect(text).toContain('warning: credit = 0 is on the lower bound of the search box [0, 1000000]: the equilibrium may lie outside it');
    expect(text).not.toMatch(/NOT CONFIRMED|confirmed: the winner/);
  });
});
