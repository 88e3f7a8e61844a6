// A stress study read back from the store: each failure run paired with the baseline of its seed,
// the metrics of every pair, the ranking and the failed × affected matrix. It reads only; the runs
// are the runner's (runner/stress), described here by the plain shape below.

import type { DuckDBConnection } from '@duckdb/node-api';
import { mean } from 'simple-statistics';
import { type AffectedThresholds, DEFAULT_THRESHOLDS, failureMetrics, type FailureMetrics } from './metrics.js';
import { type RankedFailure, rankFailures, type RankMetric } from './ranking.js';
import { readStressRuns } from './store-rows.js';

/** Which stored run is which: the baseline of each seed, the (last-round) run of each failure and seed. */
export interface StressStudyRuns {
  readonly experiment: string;
  readonly participants: readonly string[];
  readonly baseline: ReadonlyArray<{ readonly seed: string; readonly run_key: string }>;
  readonly failures: ReadonlyArray<{
    readonly agent: string;
    readonly seed: string;
    readonly run_key: string;
    readonly rounds: number;
    readonly failures: ReadonlyArray<{ readonly agent: string }>;
  }>;
}

export interface HeatCell {
  readonly failed: string;
  readonly affected: string;
  /** Share of seeds on which the bank was secondarily affected, and its mean extra unsettled value (cents). */
  readonly share: number;
  readonly unsettled_increase: number;
}

export interface StressStudy {
  readonly experiment: string;
  readonly rank_by: RankMetric;
  readonly thresholds: AffectedThresholds;
  /** Means over the baseline's seeds, every participant included. */
  readonly baseline: { readonly seeds: number; readonly unsettled_value: number; readonly unsettled_count: number; readonly delay_value_weighted: number | null };
  readonly ranking: readonly RankedFailure[];
  readonly heatmap: readonly HeatCell[];
  /** Every failure and seed paired with its baseline. */
  readonly pairs: readonly FailureMetrics[];
  /** Failure runs left out: not finished ok, or their seed's baseline not finished ok. */
  readonly unpaired: number;
}

export interface StudyOptions {
  readonly rankBy: RankMetric;
  readonly thresholds?: AffectedThresholds;
}

export async function readStressStudy(c: DuckDBConnection, runs: StressStudyRuns, options: StudyOptions): Promise<StressStudy> {
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const figures = await readStressRuns(c, [...runs.baseline.map((b) => b.run_key), ...runs.failures.map((f) => f.run_key)]);
  const baseBySeed = new Map(runs.baseline.map((b) => [b.seed, figures.get(b.run_key)]));
  const pairs: FailureMetrics[] = [];
  let unpaired = 0;
  for (const f of runs.failures) {
    const run = figures.get(f.run_key);
    const base = baseBySeed.get(f.seed);
    if (run === undefined || base === undefined || !run.ok || !base.ok) {
      unpaired++;
      continue;
    }
    const contagion = f.failures.map((x) => x.agent).filter((a) => a !== f.agent);
    pairs.push(failureMetrics({ agent: f.agent, seed: f.seed, rounds: f.rounds, contagion }, run, base, thresholds));
  }
  const ranking = rankFailures(pairs, options.rankBy);
  const baselines = [...baseBySeed.values()].filter((b) => b !== undefined && b.ok).map((b) => b!);
  const total = (b: (typeof baselines)[number], pick: (a: { unsettled_value: number; unsettled_count: number }) => number): number =>
    [...b.agents.values()].reduce((s, a) => s + pick(a), 0);
  const avg = (xs: number[]): number => (xs.length === 0 ? 0 : mean(xs));
  const delays = baselines.flatMap((b) => (b.delay_value_weighted === null ? [] : [b.delay_value_weighted]));
  return {
    experiment: runs.experiment,
    rank_by: options.rankBy,
    thresholds,
    baseline: {
      seeds: baselines.length,
      unsettled_value: avg(baselines.map((b) => total(b, (a) => a.unsettled_value))),
      unsettled_count: avg(baselines.map((b) => total(b, (a) => a.unsettled_count))),
      delay_value_weighted: delays.length === 0 ? null : avg(delays),
    },
    ranking,
    heatmap: ranking.flatMap((r) => r.affected.map((a) => ({ failed: r.agent, affected: a.agent, share: a.share, unsettled_increase: a.unsettled_increase }))),
    pairs,
    unpaired,
  };
}
