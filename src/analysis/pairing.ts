// Pairing runs across variants: a pair is the same seed at the same grid point (params_json), so
// both runs saw the same arrivals (engine.md §3). Input is plain rows, whatever read them.

/** One stored run's identity and metrics (a `runs` row, status ok). */
export interface RunMetricRow {
  readonly run_key: string;
  readonly variant: string;
  /** Decimal u64. */
  readonly seed: string;
  /** The grid point as stored (`{}` when the experiment varies nothing). */
  readonly params_json: string;
  /** Metric name → value; null where the run has none (e.g. delay_mean with nothing settled). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** One agent's metrics in one run (a `run_agents` row). */
export interface AgentMetricRow {
  readonly run_key: string;
  readonly agent: string;
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface RunPair {
  /** `seed` alone, or `seed @ params` when the experiment has a grid. */
  readonly key: string;
  readonly seed: string;
  readonly params_json: string;
  readonly baseline: RunMetricRow;
  readonly candidate: RunMetricRow;
}

export interface Pairing {
  readonly pairs: readonly RunPair[];
  /** Runs of either side with no partner (a seed the other variant has not run, or failed). */
  readonly unpaired_baseline: number;
  readonly unpaired_candidate: number;
}

function pairKey(row: RunMetricRow): string {
  return `${row.params_json}\u0000${row.seed}`;
}

function byKey(rows: readonly RunMetricRow[], variant: string): Map<string, RunMetricRow> {
  const out = new Map<string, RunMetricRow>();
  // Sorted by run_key so that a duplicate (same seed and grid point twice, e.g. two engine
  // versions) always resolves to the same run, whatever order the rows came in.
  const mine = rows.filter((r) => r.variant === variant).sort((a, b) => (a.run_key < b.run_key ? -1 : a.run_key > b.run_key ? 1 : 0));
  for (const row of mine) if (!out.has(pairKey(row))) out.set(pairKey(row), row);
  return out;
}

/** Pairs in a stable order: grid point, then seed numerically. */
export function pairRuns(rows: readonly RunMetricRow[], baseline: string, candidate: string): Pairing {
  const base = byKey(rows, baseline);
  const cand = byKey(rows, candidate);
  const pairs: RunPair[] = [];
  for (const [key, b] of base) {
    const c = cand.get(key);
    if (c === undefined) continue;
    const label = b.params_json === '{}' || b.params_json === '' ? b.seed : `${b.seed} @ ${b.params_json}`;
    pairs.push({ key: label, seed: b.seed, params_json: b.params_json, baseline: b, candidate: c });
  }
  pairs.sort((x, y) => (x.params_json < y.params_json ? -1 : x.params_json > y.params_json ? 1 : compareSeeds(x.seed, y.seed)));
  return { pairs, unpaired_baseline: base.size - pairs.length, unpaired_candidate: cand.size - pairs.length };
}

function compareSeeds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
