// The frontier and throughput charts compile with Vega-Lite and draw marks; the frontier rows
// average over seeds as documented; the throughput curve is worked by hand.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { FrontierRun } from '../../src/runner/liquidity/figures.js';
import { frontierRows } from '../../src/analysis/liquidity/frontier-rows.js';
import { frontierCharts, throughputChart } from '../../src/analysis/report/liquidity-charts.js';
import { Simulation } from '../../src/engine/simulation.js';
import { throughputCurve } from '../../src/engine/throughput.js';
import { releaseAll } from '../helpers/policies.js';
import { config, payment } from '../helpers/scenario.js';

function run(variant: 'off' | 'multilateral', seed: string, alpha: number, settled: number, delay: number): FrontierRun {
  return {
    point: { variant, seed, alpha, liquidity: 100 + 100 * alpha, upper: 200 },
    figures: {
      ok: true,
      arrivals: 10,
      settled,
      arrived_value: 1000,
      settled_value: settled * 100,
      settlement_rate_value: settled / 10,
      delay_value_weighted: delay,
      delay_indicator: delay / 10,
      peak_liquidity_used: 50,
    },
  };
}

const RUNS: FrontierRun[] = [];
for (const variant of ['off', 'multilateral'] as const) {
  for (const alpha of [0, 0.5, 1]) {
    RUNS.push(run(variant, '1', alpha, alpha === 1 ? 10 : 8, 4 - 4 * alpha), run(variant, '2', alpha, alpha === 0 ? 9 : 10, 2 - 2 * alpha));
  }
}

async function marks(spec: unknown): Promise<number> {
  const view = new vega.View(vega.parse(compile(spec as TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.match(/<path|<line/g)?.length ?? 0;
}

describe('frontier rows', () => {
  it('means over seeds per LSM setting and α', () => {
    const rows = frontierRows(RUNS);
    expect(rows.map((r) => `${r.variant} ${r.alpha}`)).toEqual(['off 0', 'off 0.5', 'off 1', 'multilateral 0', 'multilateral 0.5', 'multilateral 1']);
    const half = rows[1]!;
    // seed 1: 8 settled, delay 2; seed 2: 10 settled, delay 1.
    expect(half.liquidity).toBe(150);
    expect(half.share_of_upper).toBe(0.75);
    expect(half.settlement_rate_value).toBe(0.9);
    expect(half.delay_value_weighted).toBe(1.5);
    expect(half.delay_indicator).toBeCloseTo(0.15, 12);
    expect(half.unsettled_value).toBe(100);
    expect(half.fully_settled).toBe(1);
    expect(rows[2]!.fully_settled).toBe(2);
  });
});

describe('throughput curve', () => {
  it('cumulative arrived and settled value of the day, by tick of the day', () => {
    // A 4-tick day, opening balances A 100, B 200: A→B 100 at tick 0 settles (A 0, B 300);
    // B→A 300 at tick 1 settles (B 0, A 300); A→B 200 at tick 2 settles. The day's value is 600.
    const s = new Simulation(
      config({
        agents: [{ id: 'A', opening_balance: 100 }, { id: 'B', opening_balance: 200 }],
        ticksPerDay: 4,
        events: [payment(0, 'A', 'B', 100, 3), payment(1, 'B', 'A', 300, 3), payment(2, 'A', 'B', 200, 3)],
      }),
      [releaseAll(), releaseAll()],
    );
    s.run();
    expect(throughputCurve(s.state)).toEqual([
      { day: 0, tick: 0, arrived_value: 100, settled_value: 100, settled_share: 100 / 600 },
      { day: 0, tick: 1, arrived_value: 400, settled_value: 400, settled_share: 400 / 600 },
      { day: 0, tick: 2, arrived_value: 600, settled_value: 600, settled_share: 1 },
      { day: 0, tick: 3, arrived_value: 600, settled_value: 600, settled_share: 1 },
    ]);
  });
});

describe('charts', () => {
  it('the frontier and throughput specs compile with Vega-Lite and draw marks', async () => {
    const charts = frontierCharts(frontierRows(RUNS));
    expect(charts.map((c) => c.id)).toEqual(['chart-frontier-delay', 'chart-frontier-settlement']);
    for (const chart of charts) expect(await marks(chart.spec), chart.id).toBeGreaterThan(5);
    const throughput = throughputChart(
      [0, 1, 2, 3].flatMap((tick) => [
        { series: 'off', tick, settled_share: tick / 4, arrived_share: (tick + 1) / 4 },
        { series: 'multilateral', tick, settled_share: tick / 3, arrived_share: (tick + 1) / 4 },
      ]),
    )!;
    expect(await marks(throughput.spec)).toBeGreaterThan(3);
    expect(throughputChart([])).toBeNull();
    expect(frontierCharts([])).toEqual([]);
  });
});
