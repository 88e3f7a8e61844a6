// The comparison of a stored experiment as `paysim compare` makes it and `--json` prints it: one
// paired comparison per grid point (pooled only when asked), every candidate row carrying its
// grid point. The CLI and the HTTP API (GET /experiments/{name}/comparison) both build their
// answer here, so the two cannot drift apart (docs/compare.md, "--json shape").

import type { BootstrapSettings } from './bootstrap.js';
import { type CandidateComparison, type Comparison, compareVariants } from './compare.js';
import { comparisonGroups, type GridGroup } from './grid.js';
import type { AgentMetricRow, RunMetricRow } from './pairing.js';

export interface ExperimentComparisonInput {
  /** The finished runs to compare (already narrowed by `--where`). */
  readonly runs: readonly RunMetricRow[];
  /** Per-agent rows; read only with `byAgent`. */
  readonly agents: readonly AgentMetricRow[];
  readonly baseline: string;
  readonly candidates: readonly string[];
  readonly metrics: readonly string[];
  readonly byAgent: boolean;
  /** One comparison of all grid points together instead of one per point. */
  readonly pool: boolean;
  readonly confidence: number;
  readonly bootstrap: BootstrapSettings;
}

export interface PointComparison {
  readonly group: GridGroup;
  readonly comparison: Comparison;
}

export interface ExperimentComparison {
  /** Grid points among the runs compared. */
  readonly points: number;
  /** Runs of several grid points were pooled into one comparison. */
  readonly pooled: boolean;
  readonly results: readonly PointComparison[];
}

/** Every variant but the baseline, by name: the candidates when none are named. */
export function otherVariants(runs: readonly RunMetricRow[], baseline: string): string[] {
  return [...new Set(runs.map((r) => r.variant))].filter((v) => v !== baseline).sort();
}

/** Throws ComparisonError on an unknown variant or metric, or variants with no seed in common. */
export function compareExperiment(input: ExperimentComparisonInput): ExperimentComparison {
  const { runs, agents, baseline, candidates, metrics, byAgent, confidence, bootstrap } = input;
  const { groups, points, pooled } = comparisonGroups(runs, input.pool);
  const results = groups.map((group) => ({
    group,
    comparison: compareVariants({ runs: group.runs, agents, baseline, candidates, metrics, byAgent, confidence, bootstrap }),
  }));
  return { points, pooled, results };
}

export interface ComparisonHead {
  readonly experiment: string;
  readonly revision: number;
  readonly bootstrap: BootstrapSettings;
  /** Finished runs compared (after `--where`) and failed runs of the revision. */
  readonly runs: { readonly ok: number; readonly failed: number };
}

export interface PointComparisonDocument extends Omit<Comparison, 'candidates'> {
  /** Vary path → value; `{}` without a grid or when pooled. */
  readonly grid_point: Readonly<Record<string, unknown>>;
  readonly candidates: ReadonlyArray<CandidateComparison & { readonly grid_point: Readonly<Record<string, unknown>> }>;
}

/**
 * The `--json` document. With one comparison (no grid, one grid point, or pooled) its fields also
 * stand at the top, as they did before grids were compared apart; with several, only `comparisons`.
 */
export type ComparisonDocument = ComparisonHead & {
  readonly pooled: boolean;
  readonly grid_points: number;
  readonly comparisons: readonly PointComparisonDocument[];
} & Partial<PointComparisonDocument>;

export function comparisonDocument(head: ComparisonHead, c: ExperimentComparison): ComparisonDocument {
  const withPoint = (r: PointComparison): PointComparisonDocument => ({
    grid_point: r.group.point,
    ...r.comparison,
    candidates: r.comparison.candidates.map((cand) => ({ grid_point: r.group.point, ...cand })),
  });
  const comparisons = c.results.map(withPoint);
  const top = { ...head, pooled: c.pooled, grid_points: c.points };
  return comparisons.length === 1 ? { ...top, ...comparisons[0]!, comparisons } : { ...top, comparisons };
}
