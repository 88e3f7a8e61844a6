// `paysim report EXPERIMENT -o FILE`: from a swept store, by name or by experiment file, one HTML
// file with the comparison tables and the chart specs carrying the experiment's data. (That such
// a page renders offline in Chromium is test/analysis/report-browser.test.ts.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COST_KINDS } from '../../src/engine/vocabulary.js';
import { cli } from '../helpers/cli.js';
import { EXPERIMENT_FILE, sweptStore } from '../analysis/store-fixture.js';

let db: string;

beforeAll(async () => {
  db = await sweptStore('paysim-report-');
});

interface ChartJson {
  readonly id: string;
  readonly spec: { readonly data?: { readonly values: unknown[] } };
}

describe('paysim report', () => {
  it('writes one self-contained page with tables and charts of the experiment', async () => {
    const out = join(dirname(db), 'report.html');
    const r = await cli(['report', EXPERIMENT_FILE, '-o', out, '--db', db, '--pool']);
    expect(r.stderr).toBe(`report written to ${out}\n`);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h1>fifo-vs-hold</h1>');
    expect(html).toContain('60 runs finished; variants: baseline, hold, same; 10 seeds.');
    expect(html).toContain('<h3>hold vs baseline</h3>');
    expect(html).toContain('<h3>same vs baseline</h3>');
    const json = /<script type="application\/json" id="paysim-charts">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const charts = JSON.parse(json) as ChartJson[];
    expect(charts.map((c) => c.id)).toEqual([
      'chart-differences-total_cost',
      'chart-differences-settlement_rate',
      'chart-differences-cost_delay',
      'chart-agent-costs',
      'chart-settlement',
      'chart-response-agents_credit_limit_scale_',
    ]);
    // 2 candidates × 20 pairs per difference chart; 3 variants × 4 agents × every cost kind of the engine's list;
    // 3 variants × 100 ticks; 2 scales × 3 variants × 3 metrics.
    expect(charts.map((c) => c.spec.data!.values.length)).toEqual([40, 40, 40, 3 * 4 * COST_KINDS.length, 300, 18]);
    // Ticks are whole numbers: the settlement chart's tick axis never shows 2.5.
    const settlement = charts.find((c) => c.id === 'chart-settlement')!.spec as unknown as { encoding: { x: { axis?: Record<string, unknown> } } };
    expect(settlement.encoding.x.axis).toEqual({ tickMinStep: 1, format: 'd' });
  });

  it('by name, with a chosen baseline and metric', async () => {
    const out = join(dirname(db), 'by-name.html');
    const r = await cli(['report', 'fifo-vs-hold', '-o', out, '--db', db, '--baseline', 'hold', '--metric', 'cost_delay']);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h3>baseline vs hold</h3>');
    expect(html).toContain('chart-differences-cost_delay');
    expect(html).not.toContain('chart-differences-total_cost');
  });

  it('one comparison section per grid point unless --pool', async () => {
    const out = join(dirname(db), 'per-point.html');
    const r = await cli(['report', 'fifo-vs-hold', '-o', out, '--db', db]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Comparison against baseline at grid point agents[*].credit_limit=×0.5</h2>');
    expect(html).toContain('<h2>Comparison against baseline at grid point agents[*].credit_limit=×1</h2>');
    expect(html).not.toContain('POOLED');
    expect(html.match(/<h3>hold vs baseline<\/h3>/g)).toHaveLength(2);
  });

  it('bad input exits 2', async () => {
    const r = await cli(['report', 'nope', '-o', join(dirname(db), 'x.html'), '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no experiment 'nope'");
    const base = await cli(['report', 'fifo-vs-hold', '-o', join(dirname(db), 'x.html'), '--db', db, '--baseline', 'zzz']);
    expect(base.status).toBe(2);
    expect(base.stderr).toContain("--baseline: no finished runs of variant 'zzz'");
  });
});
