// The shadow-replay verdict (runner.md §5): accept a candidate only when its mean improvement of
// the target metric is significant at `alpha` (two-sided paired t test, improvement > 0) and no
// guard is broken; otherwise reject, saying why. Pure: plain rows in, a decision out.

import { decimal, formatP } from './number-text.js';
import type { BootstrapOptions } from './bootstrap.js';
import { type Comparison, compareVariants, ComparisonError, metricPairs } from './compare.js';
import { metricInfo } from './metrics.js';
import { type AgentMetricRow, pairRuns, type RunMetricRow } from './pairing.js';

export interface Guards {
  /** Largest allowed fall of settlement_rate in any single pair, as a fraction (0.01 = 1 point). */
  readonly maxSettlementDrop?: number | null;
  /** Largest allowed rise of any agent's mean total_cost over the pairs, as a fraction (0.05 = 5%). */
  readonly maxAgentCostRise?: number | null;
}

export interface VerdictInput {
  readonly runs: readonly RunMetricRow[];
  /** `run_agents` rows of both variants (for the agent-cost guard and the per-agent table). */
  readonly agents: readonly AgentMetricRow[];
  readonly baseline: string;
  readonly candidate: string;
  /** The metric that must improve (default total_cost). */
  readonly metric?: string;
  /** Further metrics to report (not decisive). */
  readonly report?: readonly string[];
  readonly alpha?: number;
  readonly guards?: Guards;
  readonly bootstrap?: BootstrapOptions;
}

export interface GuardResult {
  readonly guard: 'max_settlement_drop' | 'max_agent_cost_rise';
  readonly limit: number;
  /** The largest settlement-rate drop in a pair, or the largest relative rise of an agent's mean cost. */
  readonly observed: number;
  /** The pair (seed) or agent where `observed` occurs; null when nothing fell or rose. */
  readonly where: string | null;
  readonly broken: boolean;
}

export interface Verdict {
  readonly decision: 'accept' | 'reject';
  /** One sentence per reason to reject; for an accept, the one sentence that says why. */
  readonly reasons: readonly string[];
  readonly metric: string;
  readonly alpha: number;
  readonly mean_improvement: number;
  readonly p_t: number | null;
  readonly significant: boolean;
  readonly guards: readonly GuardResult[];
}

export interface VerdictResult {
  readonly comparison: Comparison;
  readonly verdict: Verdict;
}

export const ALPHA_DEFAULT = 0.05;

export function decide(input: VerdictInput): VerdictResult {
  const metric = input.metric ?? 'total_cost';
  const alpha = input.alpha ?? ALPHA_DEFAULT;
  if (!(alpha > 0 && alpha < 1)) throw new ComparisonError(`alpha must be in (0, 1), got ${alpha}`);
  const info = metricInfo(metric);
  if (info === undefined) throw new ComparisonError(`unknown metric '${metric}'`);
  const metrics = [...new Set([metric, ...(input.report ?? []), 'settlement_rate', 'total_cost'])];
  const comparison = compareVariants({
    runs: input.runs,
    agents: input.agents,
    baseline: input.baseline,
    candidates: [input.candidate],
    metrics,
    byAgent: true,
    confidence: 1 - alpha,
    ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
  });
  const cand = comparison.candidates[0]!;
  const target = cand.metrics.find((m) => m.metric === metric);
  if (target === undefined) throw new ComparisonError(`no pair has a value of '${metric}' on both sides`);

  const reasons: string[] = [];
  const significant = target.mean_improvement > 0 && target.p_t !== null && target.p_t < alpha;
  const p = target.p_t === null ? 'no test (fewer than 2 pairs)' : `p = ${formatP(target.p_t)}`;
  if (!significant) {
    if (target.mean_improvement === 0) reasons.push(`no improvement in ${metric}: the mean difference is 0 over ${target.n} pairs`);
    else if (target.mean_improvement < 0) reasons.push(`${metric} got worse: mean ${describe(info.direction, target.mean_difference)} over ${target.n} pairs (${p})`);
    else reasons.push(`the improvement in ${metric} is not significant at alpha = ${alpha} (${p})`);
  }

  const guards: GuardResult[] = [];
  const maxDrop = input.guards?.maxSettlementDrop ?? null;
  if (maxDrop !== null) {
    const pairs = metricPairs(pairRuns(input.runs, input.baseline, input.candidate).pairs, 'settlement_rate');
    let observed = 0;
    let where: string | null = null;
    for (const pair of pairs) {
      const drop = pair.baseline - pair.candidate;
      if (drop > observed) {
        observed = drop;
        where = pair.key;
      }
    }
    const broken = observed > maxDrop;
    guards.push({ guard: 'max_settlement_drop', limit: maxDrop, observed, where, broken });
    if (broken) {
      reasons.push(`settlement rate fell by ${points(observed)} in pair ${where} (limit ${points(maxDrop)})`);
    }
  }
  const maxRise = input.guards?.maxAgentCostRise ?? null;
  if (maxRise !== null) {
    let observed = 0;
    let where: string | null = null;
    // Every agent over the limit is a reason, worst first: a verdict names all it breaks for.
    const over: Array<{ agent: string; rise: number }> = [];
    for (const a of cand.agents ?? []) {
      const cost = a.metrics.find((m) => m.metric === 'total_cost');
      if (cost === undefined) continue;
      const rise = relativeRise(cost.baseline_mean, cost.candidate_mean);
      if (rise > observed) {
        observed = rise;
        where = a.agent;
      }
      if (rise > maxRise) over.push({ agent: a.agent, rise });
    }
    const broken = observed > maxRise;
    guards.push({ guard: 'max_agent_cost_rise', limit: maxRise, observed, where, broken });
    over.sort((x, y) => y.rise - x.rise || (x.agent < y.agent ? -1 : 1));
    for (const o of over) reasons.push(`${o.agent}'s mean total cost rose ${percent(o.rise)} (limit ${percent(maxRise)})`);
  }

  const decision = reasons.length === 0 ? 'accept' : 'reject';
  if (decision === 'accept') {
    reasons.push(
      `${metric} improved by ${decimal(Math.abs(target.mean_difference))} on average over ${target.n} pairs (${p} < ${alpha})` +
        (guards.length > 0 ? '; no guard broken' : ''),
    );
  }
  return {
    comparison,
    verdict: { decision, reasons, metric, alpha, mean_improvement: target.mean_improvement, p_t: target.p_t, significant, guards },
  };
}

/** (candidate − baseline) / baseline; a rise from 0 is infinite, no change from 0 is 0. */
function relativeRise(baseline: number, candidate: number): number {
  if (baseline === 0) return candidate > 0 ? Infinity : 0;
  return (candidate - baseline) / Math.abs(baseline);
}

function describe(direction: 'lower' | 'higher', difference: number): string {
  const word = difference > 0 ? 'rise' : 'fall';
  return `${word} of ${decimal(Math.abs(difference))} (${direction} is better)`;
}

function points(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} points`;
}

function percent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : 'from zero';
}

export { formatP } from './number-text.js';
