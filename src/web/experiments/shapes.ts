// The parts of the experiment routes' answers this view reads (docs/api.md, "The store"). The
// server's own types live in src/analysis, which the browser program cannot import; these name
// only the fields used here, so the API may grow without the page breaking.

export interface RunCounts {
  readonly ok: number;
  readonly failed: number;
}

export type GridPoint = Readonly<Record<string, unknown>>;

export interface RevisionSummary {
  readonly revision: number;
  readonly runs: RunCounts;
  readonly variants: ReadonlyArray<{ readonly variant: string } & RunCounts>;
  readonly grid_points: ReadonlyArray<{ readonly grid_point: GridPoint; readonly label: string } & RunCounts>;
  readonly default_baseline: string | null;
}

export interface ExperimentSummary {
  readonly name: string;
  readonly description: string | null;
  /** The experiment file's `compare:` defaults; `by` may ask for the per-agent tables. */
  readonly compare: { readonly by?: string };
  readonly revisions: readonly RevisionSummary[];
}

export interface MetricRow {
  readonly metric: string;
  readonly label: string;
  readonly direction: 'lower' | 'higher';
  readonly n: number;
  readonly baseline_mean: number;
  readonly candidate_mean: number;
  readonly mean_difference: number;
  readonly ci_t: readonly [number, number] | null;
  readonly ci_bootstrap: readonly [number, number] | null;
  readonly p_t: number | null;
  readonly p_wilcoxon: number | null;
  readonly p_holm: number | null;
  readonly share_improved: number;
  /** `key` is the seed, with the grid point when the runs of several points were pooled. */
  readonly worst_pair: { readonly key: string; readonly seed: string; readonly difference: number };
}

export interface CandidateRow {
  readonly variant: string;
  readonly pairs: number;
  readonly unpaired_baseline: number;
  readonly unpaired_candidate: number;
  readonly metrics: readonly MetricRow[];
  /** Per agent (cost metrics), or null unless asked for (`by=agent`). */
  readonly agents: ReadonlyArray<{ readonly agent: string; readonly metrics: readonly MetricRow[] }> | null;
}

export interface RankRow {
  readonly rank: number;
  readonly variant: string;
  readonly metric: string;
  readonly mean_improvement: number;
  readonly p_holm: number | null;
}

export interface PointComparison {
  readonly grid_point: GridPoint;
  readonly baseline: string;
  readonly confidence: number;
  readonly candidates: readonly CandidateRow[];
  readonly ranking: readonly RankRow[];
}

/** GET /experiments/{name}/comparison: `paysim compare --json`. */
export interface ComparisonDocument {
  readonly experiment: string;
  readonly revision: number;
  readonly runs: RunCounts;
  readonly pooled: boolean;
  readonly grid_points: number;
  readonly comparisons: readonly PointComparison[];
}

export interface ChartEntry {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly spec: object;
}

/** GET /experiments/{name}/charts. */
export interface ChartsDocument {
  readonly charts: readonly ChartEntry[];
}
