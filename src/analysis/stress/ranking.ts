// Which failure hurts the system most: each failed participant's damage as the mean, over seeds,
// of its change against the baseline on the same seed, with the project's paired statistics
// (analysis/paired.ts: t and bootstrap intervals), ranked by the metric the user chose.

import { mean } from 'simple-statistics';
import type { MetricUnit } from '../metrics.js';
import { pairedStats, type Pair } from '../paired.js';
import type { BankFigure, FailureMetrics } from './metrics.js';

/** What a failure can be ranked by; each is a change against the baseline, larger = more damage. */
export const RANK_METRICS = {
  unsettled_value: { label: 'value unsettled, the failed bank\'s own excluded', unit: 'cents' },
  unsettled_count: { label: 'payments unsettled, the failed bank\'s own excluded', unit: 'count' },
  knock_on_value: { label: 'value unsettled between survivors (payments to and from the failed bank excluded)', unit: 'cents' },
  affected_banks: { label: 'banks secondarily affected', unit: 'count' },
  deterioration: { label: 'largest liquidity deterioration of a survivor', unit: 'cents' },
  delay: { label: 'value-weighted delay (ticks)', unit: 'ticks' },
  cb_credit: { label: 'central-bank credit used by survivors', unit: 'cents' },
  trapped: { label: 'liquidity trapped at the failed bank', unit: 'cents' },
} as const satisfies Record<string, { label: string; unit: MetricUnit }>;
export type RankMetric = keyof typeof RANK_METRICS;
export const RANK_METRIC_NAMES = Object.keys(RANK_METRICS) as RankMetric[];

/** A metric's value in the failure run and in the baseline (null: the run has none, e.g. no delay). */
function metricPair(m: FailureMetrics, metric: RankMetric): { readonly baseline: number; readonly candidate: number } | null {
  switch (metric) {
    case 'unsettled_value':
      return { baseline: m.unsettled_value_baseline, candidate: m.unsettled_value };
    case 'unsettled_count':
      return { baseline: m.unsettled_count_baseline, candidate: m.unsettled_count };
    case 'knock_on_value':
      return { baseline: 0, candidate: knockOn(m) };
    case 'affected_banks':
      return { baseline: 0, candidate: m.affected.length };
    case 'deterioration':
      return m.deterioration_largest === null ? null : { baseline: 0, candidate: m.deterioration_largest.value };
    case 'delay':
      return m.delay_change === null ? null : { baseline: 0, candidate: m.delay_change };
    case 'cb_credit':
      return { baseline: m.cb_credit_baseline, candidate: m.cb_credit };
    case 'trapped':
      return { baseline: 0, candidate: m.trapped };
  }
}

/** The change in value unsettled between survivors: the change in unsettled value less that of payments to the failed bank. */
function knockOn(m: FailureMetrics): number {
  return m.unsettled_value - m.unsettled_value_baseline - m.to_failed_change;
}

export interface RankedFailure {
  readonly rank: number;
  readonly agent: string;
  readonly seeds: number;
  /** The ranking metric: mean change against the baseline and its 95% paired t interval (null below 2 seeds). */
  readonly change: number;
  readonly ci: readonly [number, number] | null;
  readonly unsettled_value: number;
  readonly unsettled_value_change: number;
  readonly unsettled_count: number;
  readonly unsettled_count_change: number;
  /** Of unsettled_value_change: survivors' payments to the failed bank, and the rest (between survivors). */
  readonly to_failed_change: number;
  readonly knock_on_value_change: number;
  /** Mean number of banks affected, and each bank affected on at least one seed with the share of seeds. */
  readonly affected_banks: number;
  readonly affected: ReadonlyArray<{ readonly agent: string; readonly share: number; readonly unsettled_increase: number }>;
  /** Over seeds: the largest deterioration seen and the smallest, with the survivor it hit. */
  readonly deterioration_largest: BankFigure | null;
  readonly deterioration_smallest: BankFigure | null;
  readonly delay_change: number | null;
  readonly cb_credit: number;
  readonly cb_credit_change: number;
  readonly trapped: number;
  readonly contagion_rounds: number;
  readonly contagion_failed: readonly string[];
}

/** Failures ranked by the mean change of `metric` (most damage first; ties by participant id). */
export function rankFailures(metrics: readonly FailureMetrics[], metric: RankMetric): RankedFailure[] {
  const byAgent = new Map<string, FailureMetrics[]>();
  for (const m of metrics) byAgent.set(m.agent, [...(byAgent.get(m.agent) ?? []), m]);
  const rows = [...byAgent].map(([agent, runs]) => summarize(agent, runs, metric));
  rows.sort((a, b) => b.change - a.change || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));
  return rows.map((r, i) => ({ ...r, rank: i + 1 }));
}

function summarize(agent: string, runs: readonly FailureMetrics[], metric: RankMetric): RankedFailure {
  const pairs: Pair[] = runs.flatMap((m) => {
    const p = metricPair(m, metric);
    return p === null ? [] : [{ key: m.seed, seed: m.seed, ...p }];
  });
  const stats = pairs.length === 0 ? null : pairedStats(pairs, 'lower');
  const affectedCount = new Map<string, { n: number; increase: number }>();
  for (const m of runs) {
    for (const a of m.affected) {
      const seen = affectedCount.get(a.agent) ?? { n: 0, increase: 0 };
      affectedCount.set(a.agent, { n: seen.n + 1, increase: seen.increase + a.value });
    }
  }
  const extreme = (pick: (m: FailureMetrics) => BankFigure | null, better: (a: number, b: number) => boolean): BankFigure | null =>
    runs.map(pick).reduce<BankFigure | null>((best, x) => (x === null ? best : best === null || better(x.value, best.value) ? x : best), null);
  const delays = runs.flatMap((m) => (m.delay_change === null ? [] : [m.delay_change]));
  return {
    rank: 0,
    agent,
    seeds: runs.length,
    change: stats?.mean_difference ?? 0,
    ci: stats?.ci_t ?? null,
    unsettled_value: mean(runs.map((m) => m.unsettled_value)),
    unsettled_value_change: mean(runs.map((m) => m.unsettled_value - m.unsettled_value_baseline)),
    unsettled_count: mean(runs.map((m) => m.unsettled_count)),
    unsettled_count_change: mean(runs.map((m) => m.unsettled_count - m.unsettled_count_baseline)),
    to_failed_change: mean(runs.map((m) => m.to_failed_change)),
    knock_on_value_change: mean(runs.map(knockOn)),
    affected_banks: mean(runs.map((m) => m.affected.length)),
    affected: [...affectedCount]
      .map(([a, v]) => ({ agent: a, share: v.n / runs.length, unsettled_increase: v.increase / runs.length }))
      .sort((x, y) => y.share - x.share || y.unsettled_increase - x.unsettled_increase || (x.agent < y.agent ? -1 : 1)),
    deterioration_largest: extreme((m) => m.deterioration_largest, (a, b) => a > b),
    deterioration_smallest: extreme((m) => m.deterioration_smallest, (a, b) => a < b),
    delay_change: delays.length === 0 ? null : mean(delays),
    cb_credit: mean(runs.map((m) => m.cb_credit)),
    cb_credit_change: mean(runs.map((m) => m.cb_credit - m.cb_credit_baseline)),
    trapped: mean(runs.map((m) => m.trapped)),
    contagion_rounds: Math.max(...runs.map((m) => m.rounds)),
    contagion_failed: [...new Set(runs.flatMap((m) => m.contagion))].sort(),
  };
}
