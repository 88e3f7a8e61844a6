// Charts of liquidity analytics (docs/liquidity.md): the liquidity–delay frontier and the intraday
// throughput curve, as Vega-Lite specs for `paysim liquidity --html` and `paysim report`.

import type { FrontierRow } from '../liquidity/frontier-rows.js';
import type { ThroughputPoint } from '../liquidity/store-rows.js';
import { type Chart, VEGA_LITE_SCHEMA as SCHEMA } from './charts.js';

/** The frontier: liquidity (share of Σ upper bounds) against delay and settlement, a line per LSM setting. */
export function frontierCharts(rows: readonly FrontierRow[]): Chart[] {
  const values = rows.filter((r) => r.share_of_upper !== null);
  if (values.length === 0) return [];
  const x = { field: 'share_of_upper', type: 'quantitative', title: 'liquidity (share of Σ upper bounds)', axis: { format: '%' } };
  const color = { field: 'variant', type: 'nominal', title: 'LSM' };
  const panel = (field: string, title: string, format?: string): Record<string, unknown> => ({
    width: 420,
    height: 220,
    mark: { type: 'line', point: true, tooltip: true },
    // Not from zero: settlement shares sit near 100% and their differences would vanish.
    encoding: { x, y: { field, type: 'quantitative', title, scale: { zero: false }, ...(format ? { axis: { format } } : {}) }, color },
  });
  return [
    {
      id: 'chart-frontier-delay',
      title: 'Liquidity–delay frontier',
      caption: 'Each bank holds LB + α (UB − LB) of its own bounds; mean over seeds of the delay indicator (0 no delay … 1 everything held to the end of the day) and the value-weighted delay.',
      spec: { $schema: SCHEMA, data: { values }, hconcat: [panel('delay_indicator', 'delay indicator'), panel('delay_value_weighted', 'value-weighted delay (ticks)')] },
    },
    {
      id: 'chart-frontier-settlement',
      title: 'Settlement against liquidity',
      caption: 'Mean over seeds of the share of the arrived value that settled, and of the value left unsettled (cents).',
      spec: {
        $schema: SCHEMA,
        data: { values },
        hconcat: [panel('settlement_rate_value', 'settled (share of value)', '%'), panel('unsettled_value', 'value not settled (cents)')],
      },
    },
  ];
}

/** Share of the day's value arrived and settled by each tick of the day, a line per series. */
export function throughputChart(points: readonly ThroughputPoint[]): Chart | null {
  if (points.length === 0) return null;
  const values = points.flatMap((p) => [
    { series: p.series, tick: p.tick, curve: 'settled', share: p.settled_share },
    { series: p.series, tick: p.tick, curve: 'arrived', share: p.arrived_share },
  ]);
  return {
    id: 'chart-throughput',
    title: 'Intraday throughput',
    caption: "Share of the day's arrived value that had arrived (dashed) and settled (solid) by the end of each tick of the day, mean over runs and days.",
    spec: {
      $schema: SCHEMA,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', tooltip: true },
      encoding: {
        x: { field: 'tick', type: 'quantitative', title: 'tick of the day', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'share', type: 'quantitative', title: "share of the day's value", axis: { format: '%' }, scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: 'variant' },
        strokeDash: { field: 'curve', type: 'nominal', title: 'curve', scale: { domain: ['settled', 'arrived'], range: [[1, 0], [4, 3]] } },
      },
      width: 520,
      height: 240,
    },
  };
}
