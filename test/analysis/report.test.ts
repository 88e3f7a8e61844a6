// The report's data and page without a browser: rows, Vega-Lite specs that compile and render
// to SVG with marks in Node, and an HTML file that cannot be broken by its inlined scripts.
import { beforeAll, describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { renderReport, reportCharts } from '../../src/analysis/report/html.js';
import { agentCostRows, responseCurves, settlementCurve } from '../../src/analysis/report/report-data.js';
import type { ReportData } from '../../src/analysis/report/report-data.js';
import { escapeScript, scriptJson, vegaRuntime } from '../../src/analysis/report/vega-runtime.js';
import type { RunMetricRow } from '../../src/analysis/pairing.js';
import { fixtureReport, fixtureRows, type FixtureRows } from './report-fixture.js';

let rows: FixtureRows;
let data: ReportData;

beforeAll(() => {
  rows = fixtureRows();
  data = fixtureReport(rows);
});

describe('report data', () => {
  it('compares every variant against the baseline, per agent too', () => {
    expect(data.comparison!.baseline).toBe('baseline');
    expect(data.comparison!.candidates.map((c) => c.variant)).toEqual(['fifo_again', 'hold']);
    expect(data.comparison!.candidates[0]!.pairs).toBe(16);
    expect(data.comparison!.candidates[1]!.agents!.map((a) => a.agent)).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);
    expect(data.differences.filter((d) => d.variant === 'fifo_again').every((d) => d.difference === 0)).toBe(true);
    expect(data.verdict!.decision).toBe('reject');
  });

  it('agent costs: the mean over runs per kind', () => {
    const two: RunMetricRow[] = [
      { run_key: 'a', variant: 'v', seed: '1', params_json: '{}', metrics: {} },
      { run_key: 'b', variant: 'v', seed: '2', params_json: '{}', metrics: {} },
    ];
    const out = agentCostRows(two, [
      { run_key: 'a', agent: 'X', metrics: { cost_delay: 10 } },
      { run_key: 'b', agent: 'X', metrics: { cost_delay: 30 } },
    ]);
    expect(out).toEqual([{ variant: 'v', agent: 'X', kind: 'delay', mean_cost: 20 }]);
  });

  it('settlement curve: mean cumulative share by tick', () => {
    const runs: RunMetricRow[] = [
      { run_key: 'a', variant: 'v', seed: '1', params_json: '{}', metrics: { arrivals: 4, ticks: 3 } },
      { run_key: 'b', variant: 'v', seed: '2', params_json: '{}', metrics: { arrivals: 2, ticks: 3 } },
    ];
    // a: 1 at tick 0, 2 at tick 2 → 0.25, 0.25, 0.75; b: 2 at tick 1 → 0, 1, 1. Means 0.125, 0.625, 0.875.
    const curve = settlementCurve(runs, [
      { run_key: 'a', tick: 0, settled: 1 },
      { run_key: 'a', tick: 2, settled: 2 },
      { run_key: 'b', tick: 1, settled: 2 },
    ]);
    expect(curve.map((p) => p.settled_share)).toEqual([0.125, 0.625, 0.875]);
  });

  it('response curves: one point per value and variant, {scale} as a number', () => {
    const points = responseCurves(rows.runs, ['total_cost']);
    expect(new Set(points.map((p) => p.param))).toEqual(new Set(['agents[*].credit_limit (scale)']));
    expect(points.filter((p) => p.variant === 'hold').map((p) => p.value)).toEqual([0.5, 1]);
    for (const p of points) {
      expect(p.n).toBe(8);
      expect(p.lo).toBeLessThanOrEqual(p.mean);
      expect(p.hi).toBeGreaterThanOrEqual(p.mean);
    }
  });
});

describe('charts', () => {
  it('every spec compiles with Vega-Lite and renders marks in Node', async () => {
    const charts = reportCharts(data);
    expect(charts.map((c) => c.id)).toEqual([
      'chart-differences-total_cost',
      'chart-differences-cost_delay',
      'chart-differences-settlement_rate',
      'chart-agent-costs',
      'chart-settlement',
      'chart-response-agents_credit_limit_scale_',
    ]);
    for (const chart of charts) {
      const compiled = compile(chart.spec as unknown as TopLevelSpec).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
      const svg = await view.toSVG();
      view.finalize();
      const marks = svg.match(/<path|<line/g)?.length ?? 0;
      expect(marks, chart.id).toBeGreaterThan(5);
    }
  });
});

describe('the page', () => {
  it('inlines the three runtimes without a stray </script or a source map', () => {
    const runtime = vegaRuntime();
    expect(runtime.map((s) => s.name)).toEqual(['vega/build/vega.min.js', 'vega-lite/build/vega-lite.min.js', 'vega-embed/build/vega-embed.min.js']);
    for (const s of runtime) expect(s.source).not.toMatch(/sourceMappingURL/);
    const html = renderReport(data);
    expect(html.match(/<script\b/gi)!.length).toBe(html.match(/<\/script>/gi)!.length);
    expect(html.match(/<script\b/gi)!.length).toBe(6);
    expect(html.length).toBeGreaterThan(800_000);
    // Outside the inlined libraries, nothing that a browser would fetch.
    const page = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    expect(/<(link|img|iframe)\b|\bsrc=/i.test(page)).toBe(false);
  });

  it('escapes what would close or confuse a script element', () => {
    expect(escapeScript('a="</script>";b="</SCRIPT";c="<!--"')).toBe('a="<\\/script>";b="<\\/SCRIPT";c="<\\!--"');
    expect(scriptJson({ t: '</script><b>' })).toBe('{"t":"\\u003c/script>\\u003cb>"}');
    expect(JSON.parse(scriptJson({ t: '</script>' }))).toEqual({ t: '</script>' });
  });

  it('is the same bytes for the same data, and escapes names', () => {
    expect(renderReport(data)).toBe(renderReport(data));
    const odd = renderReport({ ...data, title: '<b>x</b> & "y"' });
    expect(odd).toContain('<h1>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</h1>');
  });
});
