// The paired comparison of runner.md §4 on plain rows: every candidate against the baseline, per
// metric and optionally per agent, with Holm-adjusted p values when there is more than one
// candidate, and a ranking of the candidates by their improvement in the first metric.

import type { BootstrapOptions } from './bootstrap.js';
import { holmAdjust } from './holm.js';
import { isAgentMetric, metricInfo } from './metrics.js';
import { type Pair, pairedStats, type PairedStats } from './paired.js';
import { type AgentMetricRow, pairRuns, type RunMetricRow, type RunPair } from './pairing.js';

export class ComparisonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComparisonError';
  }
}

export interface CompareInput {
  readonly runs: readonly RunMetricRow[];
  /** Needed only with `byAgent`. */
  readonly agents?: readonly AgentMetricRow[];
  readonly baseline: string;
  readonly candidates: readonly string[];
  /** Metric names (metrics.ts); the first one ranks the candidates. */
  readonly metrics: readonly string[];
  readonly byAgent?: boolean;
  readonly confidence?: number;
  readonly bootstrap?: BootstrapOptions;
}

export interface MetricComparison extends PairedStats {
  readonly metric: string;
  readonly label: string;
  /** p_t adjusted by Holm over the candidates (equal to p_t with one candidate). */
  readonly p_holm: number | null;
}

export interface AgentComparison {
  readonly agent: string;
  readonly metrics: readonly MetricComparison[];
}

export interface CandidateComparison {
  readonly variant: string;
  readonly pairs: number;
  readonly unpaired_baseline: number;
  readonly unpaired_candidate: number;
  readonly metrics: readonly MetricComparison[];
  /** Per agent (agent-level metrics only), or null without `byAgent`. */
  readonly agents: readonly AgentComparison[] | null;
}

export interface RankEntry {
  readonly rank: number;
  readonly variant: string;
  readonly metric: string;
  readonly mean_improvement: number;
  readonly p_holm: number | null;
}

export interface Comparison {
  readonly baseline: string;
  readonly confidence: number;
  readonly candidates: readonly CandidateComparison[];
  /** Candidates by mean improvement of the first metric, best first. */
  readonly ranking: readonly RankEntry[];
}

/** Pairs of one metric; pairs where either side has no value (null) are left out. */
export function metricPairs(pairs: readonly RunPair[], metric: string): Pair[] {
  const out: Pair[] = [];
  for (const p of pairs) {
    const b = p.baseline.metrics[metric];
    const c = p.candidate.metrics[metric];
    if (b === null || b === undefined || c === null || c === undefined) continue;
    out.push({ key: p.key, seed: p.seed, baseline: b, candidate: c });
  }
  return out;
}

/** An agent's pairs of one agent-level metric. */
export function agentMetricPairs(
  pairs: readonly RunPair[],
  agentIndex: ReadonlyMap<string, ReadonlyMap<string, AgentMetricRow>>,
  agent: string,
  metric: string,
): Pair[] {
  const out: Pair[] = [];
  for (const p of pairs) {
    const b = agentIndex.get(p.baseline.run_key)?.get(agent)?.metrics[metric];
    const c = agentIndex.get(p.candidate.run_key)?.get(agent)?.metrics[metric];
    if (b === null || b === undefined || c === null || c === undefined) continue;
    out.push({ key: p.key, seed: p.seed, baseline: b, candidate: c });
  }
  return out;
}

/** run_key → agent → row. */
export function indexAgents(rows: readonly AgentMetricRow[]): Map<string, Map<string, AgentMetricRow>> {
  const out = new Map<string, Map<string, AgentMetricRow>>();
  for (const row of rows) {
    let inner = out.get(row.run_key);
    if (inner === undefined) out.set(row.run_key, (inner = new Map()));
    inner.set(row.agent, row);
  }
  return out;
}

interface RawMetric {
  readonly metric: string;
  readonly label: string;
  readonly stats: PairedStats;
}

export function compareVariants(input: CompareInput): Comparison {
  const confidence = input.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new ComparisonError(`confidence must be in (0, 1), got ${confidence}`);
  if (input.metrics.length === 0) throw new ComparisonError('no metric to compare');
  if (input.candidates.length === 0) throw new ComparisonError('no candidate variant to compare');
  const infos = input.metrics.map((name) => {
    const info = metricInfo(name);
    if (info === undefined) throw new ComparisonError(`unknown metric '${name}'`);
    return info;
  });
  const variants = new Set(input.runs.map((r) => r.variant));
  for (const v of [input.baseline, ...input.candidates]) {
    if (!variants.has(v)) throw new ComparisonError(`no finished runs of variant '${v}' (have: ${[...variants].sort().join(', ') || 'none'})`);
  }
  for (const c of input.candidates) {
    if (c === input.baseline) throw new ComparisonError(`candidate '${c}' is the baseline`);
  }
  const agentIndex = input.byAgent ? indexAgents(input.agents ?? []) : null;
  const agentNames = [...new Set((input.agents ?? []).map((a) => a.agent))].sort();
  const agentInfos = infos.filter((i) => isAgentMetric(i.name));
  const options = { confidence, ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}) };

  const raw = input.candidates.map((variant) => {
    const pairing = pairRuns(input.runs, input.baseline, variant);
    if (pairing.pairs.length === 0) {
      throw new ComparisonError(`variants '${input.baseline}' and '${variant}' have no seed in common (nothing to pair)`);
    }
    const stat = (pairs: Pair[], name: string, label: string): RawMetric | null => {
      if (pairs.length === 0) return null;
      return { metric: name, label, stats: pairedStats(pairs, metricInfo(name)!.direction, options) };
    };
    const metrics = infos.flatMap((i) => stat(metricPairs(pairing.pairs, i.name), i.name, i.label) ?? []);
    const agents =
      agentIndex === null
        ? null
        : agentNames.map((agent) => ({
            agent,
            metrics: agentInfos.flatMap((i) => stat(agentMetricPairs(pairing.pairs, agentIndex, agent, i.name), i.name, i.label) ?? []),
          }));
    return { variant, pairing, metrics, agents };
  });

  // Holm over the candidates, separately for each metric (and each agent × metric).
  const adjust = (get: (c: (typeof raw)[number]) => RawMetric | undefined): (number | null)[] =>
    holmAdjust(raw.map((c) => get(c)?.stats.p_t ?? null));
  const finish = (m: RawMetric, pHolm: number | null): MetricComparison => ({ metric: m.metric, label: m.label, ...m.stats, p_holm: pHolm });

  const candidates: CandidateComparison[] = raw.map((c, ci) => ({
    variant: c.variant,
    pairs: c.pairing.pairs.length,
    unpaired_baseline: c.pairing.unpaired_baseline,
    unpaired_candidate: c.pairing.unpaired_candidate,
    metrics: c.metrics.map((m) => finish(m, adjust((x) => x.metrics.find((y) => y.metric === m.metric))[ci] ?? null)),
    agents:
      c.agents === null
        ? null
        : c.agents.map((a) => ({
            agent: a.agent,
            metrics: a.metrics.map((m) =>
              finish(m, adjust((x) => x.agents?.find((y) => y.agent === a.agent)?.metrics.find((y) => y.metric === m.metric))[ci] ?? null),
            ),
          })),
  }));

  const first = infos[0]!.name;
  const ranking = candidates
    .map((c) => ({ c, m: c.metrics.find((m) => m.metric === first) }))
    .filter((x): x is { c: CandidateComparison; m: MetricComparison } => x.m !== undefined)
    .sort((a, b) => b.m.mean_improvement - a.m.mean_improvement || (a.c.variant < b.c.variant ? -1 : 1))
    .map((x, i) => ({ rank: i + 1, variant: x.c.variant, metric: first, mean_improvement: x.m.mean_improvement, p_holm: x.m.p_holm }));

  return { baseline: input.baseline, confidence, candidates, ranking };
}
