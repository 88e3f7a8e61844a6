// Assembling a report's data from an experiment's rows: which variant is the baseline, the
// comparison of every other variant against it, and the chart rows.

import type { BootstrapOptions } from '../bootstrap.js';
import { type Comparison, compareVariants } from '../compare.js';
import { comparisonGroups } from '../grid.js';
import { type AgentMetricRow, pairRuns, type RunMetricRow } from '../pairing.js';
import type { Verdict } from '../verdict.js';
import type { FrontierRun } from '../../runner/liquidity/figures.js';
import { frontierRows } from '../liquidity/frontier-rows.js';
import type { ThroughputPoint } from '../liquidity/store-rows.js';
import type { OptimizationView } from '../optimize/view.js';
import { agentCostRows, differenceRows, type ReportData, responseCurves, settlementCurve } from './report-data.js';
import type { SettledCount } from '../store-reader.js';

export interface ReportInput {
  readonly title: string;
  readonly description?: string | null;
  readonly generator: string;
  /** Finished runs (status ok). */
  readonly runs: readonly RunMetricRow[];
  readonly failed?: number;
  readonly agents: readonly AgentMetricRow[];
  /** Settled payment orders per run and tick (empty when transactions were not stored). */
  readonly settled: readonly SettledCount[];
  /** The baseline variant; default: `baseline` if there is one, else the first variant by name. */
  readonly baseline?: string | null;
  readonly metrics: readonly string[];
  readonly verdict?: Verdict | null;
  readonly bootstrap?: BootstrapOptions;
  /** Pool all grid points into one comparison (default: one comparison per grid point). */
  readonly pool?: boolean;
  /** Frontier runs (experiments made by `paysim liquidity`). */
  readonly frontier?: readonly FrontierRun[];
  readonly throughput?: readonly ThroughputPoint[];
  /** The experiment's optimisations: their sections and charts (the runs given should be winnerRuns'). */
  readonly optimizations?: readonly OptimizationView[];
}

export function chooseBaseline(variants: readonly string[], wanted: string | null | undefined): string | null {
  if (wanted !== null && wanted !== undefined) return wanted;
  if (variants.includes('baseline')) return 'baseline';
  return [...variants].sort()[0] ?? null;
}

/** What the charts are drawn from (the ReportData fields of charts.ts and liquidity-charts.ts). */
export type ChartRows = Pick<ReportData, 'differences' | 'agent_costs' | 'settlement' | 'response' | 'frontier' | 'throughput' | 'optimizations'>;

export type ChartRowsInput = Pick<ReportInput, 'runs' | 'agents' | 'settled' | 'baseline' | 'metrics' | 'frontier' | 'throughput' | 'optimizations'>;

export interface ExperimentCharts extends ChartRows {
  /** Every variant of the runs, by name (a variant's colour is its place here). */
  readonly variants: readonly string[];
  readonly baseline: string | null;
  /** Variants paired with the baseline (a seed and grid point in common). */
  readonly candidates: readonly string[];
  /** Variants with nothing to pair with the baseline: listed, not compared. */
  readonly unpaired: readonly string[];
}

/** The chart rows alone: no comparison is computed (no bootstrap), so a caller that only draws is quick. */
export function buildChartRows(input: ChartRowsInput): ExperimentCharts {
  const variants = [...new Set(input.runs.map((r) => r.variant))].sort();
  const baseline = chooseBaseline(variants, input.baseline);
  // A variant with no seed in common with the baseline cannot be paired: listed, not compared.
  const others = variants.filter((v) => v !== baseline);
  const candidates = baseline === null ? [] : others.filter((v) => pairRuns(input.runs, baseline, v).pairs.length > 0);
  return {
    variants,
    baseline,
    candidates,
    unpaired: others.filter((v) => !candidates.includes(v)),
    differences: baseline === null ? [] : differenceRows(input.runs, baseline, candidates, input.metrics),
    agent_costs: agentCostRows(input.runs, input.agents),
    settlement: settlementCurve(input.runs, input.settled),
    response: responseCurves(input.runs, input.metrics),
    frontier: frontierRows(input.frontier ?? []),
    throughput: input.throughput ?? [],
    optimizations: input.optimizations ?? [],
  };
}

export function buildReportData(input: ReportInput): ReportData {
  const { variants, baseline, candidates, unpaired, ...charts } = buildChartRows(input);
  const { groups, pooled } = comparisonGroups(input.runs, input.pool ?? false);
  const compare = (runs: typeof input.runs): Comparison | null => {
    if (baseline === null) return null;
    const present = new Set(runs.map((r) => r.variant));
    const here = candidates.filter((v) => present.has(v) && pairRuns(runs, baseline, v).pairs.length > 0);
    if (here.length === 0) return null;
    return compareVariants({
      runs,
      agents: input.agents,
      baseline,
      candidates: here,
      metrics: input.metrics,
      byAgent: input.agents.length > 0,
      ...(input.bootstrap ? { bootstrap: input.bootstrap } : {}),
    });
  };
  const grid = groups.map((g) => ({ point: g.point, label: g.label, comparison: compare(g.runs) }));
  const comparison = grid.length === 1 ? grid[0]!.comparison : null;
  return {
    title: input.title,
    description: input.description ?? null,
    generator: input.generator,
    runs: { ok: input.runs.length, failed: input.failed ?? 0, variants, seeds: new Set(input.runs.map((r) => r.seed)).size, unpaired_variants: unpaired },
    comparison,
    grid,
    pooled,
    verdict: input.verdict ?? null,
    ...charts,
  };
}
