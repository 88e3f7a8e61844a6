// The report's view of optimisations, from hand-written stored rows: the search path (a raced-out
// trial at its paired estimate, the incumbent line restarting with each best-response search),
// the equilibrium's parameters and costs over the rounds, regrets and confirmation; the charts
// compile with Vega-Lite and draw marks; the page has the sections; the comparison keeps the
// baseline and the winners only.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { optimizationView, searchPath, winnerRuns } from '../../src/analysis/optimize/view.js';
import type { RunMetricRow } from '../../src/analysis/pairing.js';
import { renderReport } from '../../src/analysis/report/html.js';
import { optimizationCharts } from '../../src/analysis/report/optimization-charts.js';
import { EQUILIBRIUM, SEARCH } from './optimization-fixture.js';
import { fixtureReport } from './report-fixture.js';

async function marks(spec: unknown): Promise<number> {
  const view = new vega.View(vega.parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.match(/<path|<line/g)?.length ?? 0;
}

describe('optimisation views', () => {
  it('search path: every trial but repeats, raced-out at its paired estimate, the incumbent after each trial', () => {
    const path = searchPath(SEARCH.trials);
    expect(path.map((p) => [p.trial, p.status, p.objective, p.incumbent])).toEqual([
      [0, 'incumbent', 100, 100],
      [1, 'accepted', 80, 80],
      [2, 'rejected', 90, 80],
      [3, 'raced_out', 95, 80],
      [5, 'infeasible', 60, 80],
    ]);
    expect(path[0]!.parameters).toBe('x=1');
  });

  it('equilibrium: the incumbent line restarts with each search; parameters and costs by round; regrets; confirmation rows', () => {
    const v = optimizationView(EQUILIBRIUM);
    expect(v.path.map((p) => [p.search, p.incumbent])).toEqual([
      ['round 1, A', 50],
      ['round 1, A', 0],
      ['round 1, B', 50],
      ['round 1, B', 20],
      ['round 2, A', 0],
      ['round 2, A', 0],
      ['round 2, B', 20],
      ['round 2, B', 20],
    ]);
    const e = v.equilibrium!;
    // Two agents: A's step of round r at r − 0.5, B's at r; the start at 0.
    expect(e.parameters.filter((p) => p.parameter === 'b').map((p) => [p.position, p.value])).toEqual([
      [0, 0.5],
      [0.5, 0.5],
      [1, 0.2],
      [1.5, 0.2],
      [2, 0.2],
    ]);
    expect(e.costs.map((c) => [c.position, c.agent, c.before, c.after])).toEqual([
      [0.5, 'A', 50, 0],
      [1, 'B', 50, 20],
      [1.5, 'A', 0, 0],
      [2, 'B', 20, 20],
    ]);
    expect(e.agents).toEqual([
      { agent: 'A', objective: 0, regret: 0 },
      { agent: 'B', objective: 20, regret: 0 },
    ]);
    expect(v.confirmation.map((r) => [r.who, r.mean_difference])).toEqual([
      ['system', -180],
      ['A', -100],
      ['B', -80],
    ]);
    expect(v.winner).toBe('t-z');
  });

  it('the comparison keeps the baseline and the winners', () => {
    const run = (variant: string, seed: string): RunMetricRow => ({ run_key: `${variant}/${seed}`, variant, seed, params_json: '{}', metrics: {} });
    const runs = [run('baseline', '9'), run('t-b', '1'), run('t-b', '9'), run('t-c', '1')];
    const kept = winnerRuns(runs, [{ run_key: 't-c/1', agent: 'A', metrics: {} }, { run_key: 't-b/9', agent: 'A', metrics: {} }], [optimizationView(SEARCH)]);
    expect(kept.runs.map((r) => r.run_key)).toEqual(['baseline/9', 't-b/1', 't-b/9']);
    expect(kept.agents.map((a) => a.run_key)).toEqual(['t-b/9']);
    expect(winnerRuns(runs, [], []).runs).toHaveLength(4);
  });
});

describe('optimisation charts and sections', () => {
  const views = [optimizationView(SEARCH), optimizationView(EQUILIBRIUM)];

  it('compile with Vega-Lite and draw marks', async () => {
    const charts = optimizationCharts(views);
    expect(charts.map((c) => c.id)).toEqual([
      'chart-optimization-1-path',
      'chart-optimization-2-path',
      'chart-optimization-2-parameters',
      'chart-optimization-2-costs',
    ]);
    for (const chart of charts) expect(await marks(chart.spec), chart.id).toBeGreaterThan(4);
  });

  it('the page has a section per optimisation: confirmation, regrets, path and every trial', () => {
    const html = renderReport({ ...fixtureReport(), optimizations: views });
    expect(html).toContain('<h2>Optimisation demo:aaaaaaaaaaaa</h2>');
    expect(html).toContain('<h3>Confirmation on 3 fresh seed(s)</h3>');
    expect(html).toContain('<summary>All 6 trials</summary>');
    expect(html).toMatch(/<table class="regrets">[\s\S]*<td>B<\/td><td class="n">20<\/td><td class="n">0<\/td>/);
    expect(html).toMatch(/<table class="path">[\s\S]*<td>1<\/td><td class="n">B<\/td><td class="n">50<\/td><td class="n">20<\/td><td class="n">30<\/td><td class="n">yes<\/td>/);
    for (const id of ['chart-optimization-1-path', 'chart-optimization-2-costs']) expect(html).toContain(`id="${id}"`);
  });
});
