// Every chart the rows support, in the report's order: the report page (html.ts) and the HTTP API
// (GET /experiments/{name}/charts, which the web viewer draws) list the same charts from here.

import type { ChartRows } from './build.js';
import { agentCostChart, type Chart, differenceCharts, responseCharts, settlementChart } from './charts.js';
import { frontierCharts, throughputChart } from './liquidity-charts.js';
import { optimizationCharts } from './optimization-charts.js';

/** `variants`: every variant by name, so a variant has the same colour in every chart. */
export function chartList(rows: ChartRows, variants: readonly string[]): Chart[] {
  return [
    ...differenceCharts(rows.differences, variants),
    ...[agentCostChart(rows.agent_costs), settlementChart(rows.settlement, variants), throughputChart(rows.throughput)].filter(
      (c): c is Chart => c !== null,
    ),
    ...frontierCharts(rows.frontier),
    ...responseCharts(rows.response, variants),
    ...optimizationCharts(rows.optimizations),
  ];
}
