// Which direction is better, per metric: the single table that the comparison, the verdict and
// the report read. A metric not listed here cannot be compared (there is no "better" to state).

import { COST_KINDS, type CostKind } from '../engine/vocabulary.js';

export type Direction = 'lower' | 'higher';
export type MetricUnit = 'cents' | 'ratio' | 'ticks' | 'count';

export interface MetricInfo {
  readonly name: string;
  readonly direction: Direction;
  readonly unit: MetricUnit;
  readonly label: string;
}

const m = (name: string, direction: Direction, unit: MetricUnit, label: string): MetricInfo => ({ name, direction, unit, label });

/** How each cost kind reads in a table; a Record over the engine's one list, so a new kind must be named here. */
const COST_LABELS: Readonly<Record<CostKind, string>> = {
  overdraft: 'overdraft cost',
  collateral: 'collateral cost',
  delay: 'delay cost',
  split: 'split friction cost',
  deadline: 'deadline penalties',
  eod: 'end-of-day penalties',
  liquidity: 'liquidity-pool cost',
  backstop: 'end-of-day backstop cost',
  cb_credit: 'central-bank credit cost',
};

/** Run-level metrics: columns of the store's `runs` table (RunSummary fields). */
export const RUN_METRICS: readonly MetricInfo[] = [
  m('total_cost', 'lower', 'cents', 'total cost'),
  ...COST_KINDS.map((kind) => m(`cost_${kind}`, 'lower', 'cents', COST_LABELS[kind])),
  m('settlement_rate', 'higher', 'ratio', 'settlement rate (count)'),
  m('settlement_rate_value', 'higher', 'ratio', 'settlement rate (value)'),
  m('settled', 'higher', 'count', 'payments settled'),
  m('settled_value', 'higher', 'cents', 'value settled'),
  m('dropped', 'lower', 'count', 'payments dropped'),
  m('dropped_value', 'lower', 'cents', 'value dropped'),
  m('unsettled', 'lower', 'count', 'payments unsettled at the end'),
  m('unsettled_value', 'lower', 'cents', 'value unsettled at the end'),
  m('delay_mean', 'lower', 'ticks', 'mean settlement delay'),
  m('delay_p50', 'lower', 'ticks', 'median settlement delay'),
  m('delay_p95', 'lower', 'ticks', '95th percentile settlement delay'),
  m('delay_max', 'lower', 'ticks', 'longest settlement delay'),
  m('peak_liquidity_used', 'lower', 'cents', 'peak liquidity used'),
  m('delay_value_weighted', 'lower', 'ticks', 'value-weighted settlement delay'),
  m('delay_indicator', 'lower', 'ratio', 'delay indicator (BoF, 0–1)'),
  m('turnover_liquidity_ratio', 'higher', 'ratio', 'turnover ÷ liquidity used'),
  m('cb_exposure_peak', 'lower', 'cents', 'central-bank exposure, intraday peak'),
  m('cb_exposure_eod', 'lower', 'cents', 'central-bank exposure overnight'),
];

/** Agent-level metrics: columns of the store's `run_agents` table (each agent's end-of-run costs). */
export const AGENT_METRICS: readonly MetricInfo[] = RUN_METRICS.filter((x) => x.name === 'total_cost' || x.name.startsWith('cost_'));

/** Compared when no metric is named: the two that answer "cheaper without settling less?". */
export const DEFAULT_METRICS: readonly string[] = ['total_cost', 'settlement_rate'];
/** What a report charts and compares when the experiment names no metrics: the defaults and the delay cost. */
export const REPORT_METRICS: readonly string[] = [...DEFAULT_METRICS, 'cost_delay'];

const BY_NAME = new Map(RUN_METRICS.map((x) => [x.name, x]));

export function metricInfo(name: string): MetricInfo | undefined {
  return BY_NAME.get(name);
}

export function isAgentMetric(name: string): boolean {
  return AGENT_METRICS.some((x) => x.name === name);
}

/** How much better the candidate is than the baseline: positive is better whatever the direction. */
export function improvement(direction: Direction, baseline: number, candidate: number): number {
  return direction === 'lower' ? baseline - candidate : candidate - baseline;
}
