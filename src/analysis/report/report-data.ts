// What a report shows, as plain rows built from plain rows: the page (html.ts) and its charts
// (charts.ts) only lay these out. The store glue (src/cli/report-input.ts) or a test fills the
// inputs; nothing here reads a file or a database.

import { mean, tInterval } from '../../stats/summary.js';
import type { Comparison } from '../compare.js';
import { metricPairs } from '../compare.js';
import { metricInfo } from '../metrics.js';
import { type AgentMetricRow, pairRuns, type RunMetricRow } from '../pairing.js';
import type { Verdict } from '../verdict.js';
import { COST_KINDS } from '../../engine/vocabulary.js';
import type { FrontierRow } from '../liquidity/frontier-rows.js';
import type { ThroughputPoint } from '../liquidity/store-rows.js';
import type { SettledCount } from '../store-reader.js';
import type { OptimizationView } from '../optimize/view.js';
import { parseParamsJson } from '../../store/params.js';

export interface DifferenceRow {
  readonly variant: string;
  readonly metric: string;
  readonly seed: string;
  readonly pair: string;
  /** candidate − baseline. */
  readonly difference: number;
}

export interface AgentCostRow {
  readonly variant: string;
  readonly agent: string;
  /** overdraft, collateral, delay, split, deadline, eod. */
  readonly kind: string;
  /** Mean over the variant's runs, in cents. */
  readonly mean_cost: number;
}

export interface SettlementPoint {
  readonly variant: string;
  readonly tick: number;
  /** Mean over runs of (payment orders settled by the end of this tick) / (all payment orders of the run). */
  readonly settled_share: number;
}

export interface ResponsePoint {
  /** The varied path, e.g. `lsm_config.enabled` or `agents[*].credit_limit (scale)`. */
  readonly param: string;
  readonly value: number | string;
  readonly variant: string;
  readonly metric: string;
  readonly n: number;
  readonly mean: number;
  /** 95% t interval of the mean; equal to the mean for a single run. */
  readonly lo: number;
  readonly hi: number;
}

export interface GridComparison {
  readonly point: Readonly<Record<string, unknown>>;
  /** `path=value, …`; '' without a grid. */
  readonly label: string;
  readonly comparison: Comparison | null;
}

export interface ReportData {
  readonly title: string;
  readonly description: string | null;
  /** Who made it (paysim and engine version); no timestamp, so equal inputs give equal files. */
  readonly generator: string;
  readonly runs: {
    readonly ok: number;
    readonly failed: number;
    readonly variants: readonly string[];
    readonly seeds: number;
    /** Variants with no seed (and grid point) in common with the baseline: shown, not compared. */
    readonly unpaired_variants: readonly string[];
  };
  /** The comparison when there is one grid point (or the runs were pooled), else null: see `grid`. */
  readonly comparison: Comparison | null;
  /** One comparison per grid point (one entry without a grid, or when pooled). */
  readonly grid: readonly GridComparison[];
  /** True when runs of several grid points were pooled into one comparison (said in the report). */
  readonly pooled: boolean;
  readonly verdict: Verdict | null;
  readonly differences: readonly DifferenceRow[];
  readonly agent_costs: readonly AgentCostRow[];
  readonly settlement: readonly SettlementPoint[];
  readonly response: readonly ResponsePoint[];
  /** The liquidity–delay frontier (experiments made by `paysim liquidity`), else empty. */
  readonly frontier: readonly FrontierRow[];
  /** The intraday throughput curve (experiments that stored it), else empty. */
  readonly throughput: readonly ThroughputPoint[];
  /** The experiment's optimisations (`paysim optimize`), else empty. */
  readonly optimizations: readonly OptimizationView[];
}

/** Paired differences for the distribution charts, from the same pairing as the comparison. */
export function differenceRows(runs: readonly RunMetricRow[], baseline: string, candidates: readonly string[], metrics: readonly string[]): DifferenceRow[] {
  const out: DifferenceRow[] = [];
  for (const variant of candidates) {
    const { pairs } = pairRuns(runs, baseline, variant);
    for (const metric of metrics) {
      for (const p of metricPairs(pairs, metric)) {
        out.push({ variant, metric, seed: p.seed, pair: p.key, difference: p.candidate - p.baseline });
      }
    }
  }
  return out;
}


/** Mean cost per variant × agent × kind over each variant's runs (runs with no agent rows count as absent). */
export function agentCostRows(runs: readonly RunMetricRow[], agents: readonly AgentMetricRow[]): AgentCostRow[] {
  const variantOf = new Map(runs.map((r) => [r.run_key, r.variant]));
  const sums = new Map<string, { variant: string; agent: string; kind: string; sum: number; n: number }>();
  for (const row of agents) {
    const variant = variantOf.get(row.run_key);
    if (variant === undefined) continue;
    for (const kind of COST_KINDS) {
      const value = row.metrics[`cost_${kind}`];
      if (value === null || value === undefined) continue;
      const key = `${variant}\u0000${row.agent}\u0000${kind}`;
      const s = sums.get(key) ?? { variant, agent: row.agent, kind, sum: 0, n: 0 };
      s.sum += value;
      s.n += 1;
      sums.set(key, s);
    }
  }
  return [...sums.values()]
    .map((s) => ({ variant: s.variant, agent: s.agent, kind: s.kind, mean_cost: s.sum / s.n }))
    .sort((a, b) => cmp(a.variant, b.variant) || cmp(a.agent, b.agent) || COST_KINDS.indexOf(a.kind as never) - COST_KINDS.indexOf(b.kind as never));
}

/**
 * Mean cumulative settled share by tick, per variant. `arrivals` comes from each run's metrics;
 * runs with no arrivals are left out (their share is undefined).
 */
export function settlementCurve(runs: readonly RunMetricRow[], counts: readonly SettledCount[]): SettlementPoint[] {
  const byRun = new Map<string, Map<number, number>>();
  for (const c of counts) {
    let m = byRun.get(c.run_key);
    if (m === undefined) byRun.set(c.run_key, (m = new Map()));
    m.set(c.tick, (m.get(c.tick) ?? 0) + c.settled);
  }
  const out: SettlementPoint[] = [];
  const variants = [...new Set(runs.map((r) => r.variant))].sort(cmp);
  for (const variant of variants) {
    const mine = runs.filter((r) => r.variant === variant && (r.metrics['arrivals'] ?? 0) > 0);
    if (mine.length === 0) continue;
    const horizon = Math.max(...mine.map((r) => r.metrics['ticks'] ?? 0));
    const total = new Float64Array(horizon);
    for (const r of mine) {
      const arrivals = r.metrics['arrivals']!;
      const perTick = byRun.get(r.run_key);
      let cumulative = 0;
      for (let t = 0; t < horizon; t++) {
        cumulative += perTick?.get(t) ?? 0;
        total[t]! += cumulative / arrivals;
      }
    }
    for (let t = 0; t < horizon; t++) out.push({ variant, tick: t, settled_share: total[t]! / mine.length });
  }
  return out;
}

/** A grid value as a chart coordinate: numbers as they are, `{scale: x}` as x, anything else as text. */
function coordinate(path: string, value: unknown): { param: string; value: number | string } {
  if (typeof value === 'number') return { param: path, value };
  if (value !== null && typeof value === 'object' && 'scale' in value && typeof (value as { scale: unknown }).scale === 'number') {
    return { param: `${path} (scale)`, value: (value as { scale: number }).scale };
  }
  return { param: path, value: typeof value === 'string' ? value : JSON.stringify(value) };
}

/**
 * Parameter response: for each varied path with at least two values, the mean of each metric at
 * each value (over all runs there, whatever the other paths), per variant, with a 95% t interval.
 */
export function responseCurves(runs: readonly RunMetricRow[], metrics: readonly string[]): ResponsePoint[] {
  const parsed = runs.map((r) => ({ r, params: parseParamsJson(r.params_json) }));
  const paths = [...new Set(parsed.flatMap((x) => Object.keys(x.params)))].sort(cmp);
  const out: ResponsePoint[] = [];
  for (const path of paths) {
    const groups = new Map<string, { param: string; value: number | string; variant: string; rows: RunMetricRow[] }>();
    for (const { r, params } of parsed) {
      if (!(path in params)) continue;
      const c = coordinate(path, params[path]);
      const key = `${r.variant}\u0000${JSON.stringify(c.value)}`;
      const g = groups.get(key) ?? { ...c, variant: r.variant, rows: [] };
      g.rows.push(r);
      groups.set(key, g);
    }
    if (new Set([...groups.values()].map((g) => JSON.stringify(g.value))).size < 2) continue;
    for (const g of groups.values()) {
      for (const metric of metrics) {
        if (metricInfo(metric) === undefined) continue;
        const values = g.rows.map((r) => r.metrics[metric]).filter((v): v is number => v !== null && v !== undefined);
        if (values.length === 0) continue;
        const m = mean(values)!;
        // One value: no interval, drawn as the point itself.
        const [lo, hi] = tInterval(values) ?? [m, m];
        out.push({ param: g.param, value: g.value, variant: g.variant, metric, n: values.length, mean: m, lo, hi });
      }
    }
  }
  return out.sort((a, b) => cmp(a.param, b.param) || cmp(a.metric, b.metric) || cmp(a.variant, b.variant) || cmpValue(a.value, b.value));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpValue(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return cmp(String(a), String(b));
}
