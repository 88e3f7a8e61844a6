// A frontier run's figures as the frontier reads them back from `runs`: one column list and one
// row mapping for the frontier's batches (frontier.ts) and the stored-frontier reader
// (analysis/liquidity/store-rows.ts), and whether a run met the search's target.

import type { FrontierPoint } from './frontier-plan.js';

/** One stored run's figures, as the frontier reads them back from `runs`. */
export interface RunFigures {
  readonly ok: boolean;
  readonly arrivals: number;
  readonly settled: number;
  readonly arrived_value: number;
  readonly settled_value: number;
  readonly settlement_rate_value: number;
  readonly delay_value_weighted: number | null;
  readonly delay_indicator: number | null;
  readonly peak_liquidity_used: number;
}

export interface FrontierRun {
  readonly point: FrontierPoint;
  readonly figures: RunFigures | null;
}

/** `full`: every payment order settles; a number: at least this share of the arrived value settles. */
export type Target = 'full' | number;

export function meetsTarget(figures: RunFigures | null, target: Target): boolean {
  if (figures === null || !figures.ok) return false;
  return target === 'full' ? figures.settled === figures.arrivals : figures.settlement_rate_value >= target;
}

/** The runs columns a frontier point's figures come from. */
export const FIGURE_COLUMNS = 'arrivals, settled, arrived_value, settled_value, settlement_rate_value, delay_value_weighted, delay_indicator, peak_liquidity_used';

const opt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A run's figures from a row holding `status` (finished unless given) and FIGURE_COLUMNS. */
export function runFigures(r: Record<string, unknown>): RunFigures {
  const num = (x: unknown): number => Number(x ?? 0);
  return {
    ok: r['status'] === undefined || r['status'] === 'ok',
    arrivals: num(r['arrivals']),
    settled: num(r['settled']),
    arrived_value: num(r['arrived_value']),
    settled_value: num(r['settled_value']),
    settlement_rate_value: num(r['settlement_rate_value']),
    delay_value_weighted: opt(r['delay_value_weighted']),
    delay_indicator: opt(r['delay_indicator']),
    peak_liquidity_used: num(r['peak_liquidity_used']),
  };
}
