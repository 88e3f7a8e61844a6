// The report's charts as Vega-Lite specs (plain JSON, data inline): built here, rendered by the
// browser from the runtime inlined in the page. One function per chart; each returns null when
// it has no data, and the page says so instead of drawing an empty frame.

import { metricInfo } from '../metrics.js';
import type { AgentCostRow, DifferenceRow, ResponsePoint, SettlementPoint } from './report-data.js';

/** A Vega-Lite top-level spec: JSON, checked by Vega-Lite in the browser (and by the report tests). */
export type VegaLiteSpec = { readonly [key: string]: unknown };

export interface Chart {
  /** DOM id of the chart's container (letters, digits, '-'). */
  readonly id: string;
  readonly title: string;
  /** One sentence under the title: how to read it. */
  readonly caption: string;
  readonly spec: VegaLiteSpec;
}

/** The Vega-Lite schema every report chart names (the vega-lite package served is 6.x). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const SCHEMA = VEGA_LITE_SCHEMA;
const WIDTH = 520;

/** The same colour for a variant in every chart: a fixed domain, all variants in name order. */
function variantColor(variants: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { field: 'variant', type: 'nominal', title: 'variant', ...(variants.length > 0 ? { scale: { domain: [...variants] } } : {}), ...extra };
}

function domId(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9-]+/g, '_');
}

/** One histogram per metric of candidate − baseline over the pairs, a row per candidate, a rule at 0. */
export function differenceCharts(rows: readonly DifferenceRow[], variants: readonly string[] = []): Chart[] {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  return metrics.map((metric) => {
    const values = rows.filter((r) => r.metric === metric);
    const info = metricInfo(metric);
    const better = info === undefined ? '' : info.direction === 'lower' ? ' (left of 0 is better)' : ' (right of 0 is better)';
    return {
      id: domId('chart', 'differences', metric),
      title: `Paired differences: ${metric}`,
      caption: `Distribution over seeds of candidate − baseline${better}.`,
      spec: {
        $schema: SCHEMA,
        data: { values },
        facet: { row: { field: 'variant', type: 'nominal', title: 'candidate' } },
        spec: {
          width: WIDTH,
          height: 140,
          layer: [
            {
              mark: { type: 'bar', tooltip: true },
              encoding: {
                x: { field: 'difference', type: 'quantitative', bin: { maxbins: 30 }, title: `${metric}: candidate − baseline` },
                y: { aggregate: 'count', type: 'quantitative', title: 'pairs' },
                color: variantColor(variants, { legend: null }),
              },
            },
            { mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
          ],
        },
      },
    };
  });
}

/** Stacked mean cost by kind, per agent (columns) and variant (bars). */
export function agentCostChart(rows: readonly AgentCostRow[]): Chart | null {
  if (rows.length === 0) return null;
  return {
    id: 'chart-agent-costs',
    title: 'Cost by agent and variant',
    caption: 'Mean cost per run in cents, stacked by kind; one panel per agent.',
    spec: {
      $schema: SCHEMA,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        column: { field: 'agent', type: 'nominal', title: 'agent' },
        x: { field: 'variant', type: 'nominal', title: null, axis: { labelAngle: -30 } },
        y: { field: 'mean_cost', type: 'quantitative', aggregate: 'sum', title: 'mean cost (cents)' },
        color: { field: 'kind', type: 'nominal', title: 'cost kind' },
      },
      width: { step: 22 },
      height: 200,
    },
  };
}

/** Mean cumulative share of payment orders settled, by tick, one line per variant. */
export function settlementChart(points: readonly SettlementPoint[], variants: readonly string[] = []): Chart | null {
  if (points.length === 0) return null;
  return {
    id: 'chart-settlement',
    title: 'Settlement over the day',
    caption: 'Share of all payment orders settled by the end of each tick, averaged over runs.',
    spec: {
      $schema: SCHEMA,
      data: { values: points },
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'tick', type: 'quantitative', title: 'tick', axis: { tickMinStep: 1, format: 'd' } },
        y: { field: 'settled_share', type: 'quantitative', title: 'settled share', axis: { format: '%' }, scale: { domain: [0, 1] } },
        color: variantColor(variants),
      },
      width: WIDTH,
      height: 240,
    },
  };
}

/** For each varied parameter: mean of each metric against the parameter's value, with 95% intervals. */
export function responseCharts(points: readonly ResponsePoint[], variants: readonly string[] = []): Chart[] {
  const params = [...new Set(points.map((p) => p.param))];
  return params.map((param) => {
    const values = points.filter((p) => p.param === param);
    const numeric = values.every((v) => typeof v.value === 'number');
    const x = { field: 'value', type: numeric ? 'quantitative' : 'ordinal', title: param, ...(numeric ? { scale: { zero: false, padding: 12 } } : {}) };
    return {
      id: domId('chart', 'response', param),
      title: `Response to ${param}`,
      caption: 'Mean over runs at each value (other parameters pooled), with its 95% t interval; one panel per metric.',
      spec: {
        $schema: SCHEMA,
        data: { values },
        facet: { row: { field: 'metric', type: 'nominal', title: null } },
        resolve: { scale: { y: 'independent' } },
        spec: {
          width: WIDTH,
          height: 160,
          layer: [
            { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'mean', scale: { zero: false } }, y2: { field: 'hi' }, color: variantColor(variants) } },
            {
              mark: { type: 'line', point: true, tooltip: true },
              encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: variantColor(variants) },
            },
          ],
        },
      },
    };
  });
}
