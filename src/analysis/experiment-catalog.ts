// What the store holds, experiment by experiment: revisions, and per revision the variants and
// grid points with their finished and failed runs — what a reader needs to choose what to compare
// (GET /experiments, the web viewer's list). Counts come from one grouped query, not from reading
// every run's metrics.

import type { DuckDBConnection } from '@duckdb/node-api';
import { comparePoints, parsePoint, pointLabel } from './grid.js';
import { chooseBaseline } from './report/build.js';
import { type CompareDefaults, readExperiments, readRevisions, rows } from './store-reader.js';

export interface RunCounts {
  readonly ok: number;
  readonly failed: number;
}

export interface RevisionSummary {
  readonly revision: number;
  readonly runs: RunCounts;
  /** By name. */
  readonly variants: ReadonlyArray<{ readonly variant: string } & RunCounts>;
  /** In the grid's order; one point `{}` for an experiment without a grid. */
  readonly grid_points: ReadonlyArray<{ readonly grid_point: Readonly<Record<string, unknown>>; readonly label: string } & RunCounts>;
  /** The experiment file's compare.baseline, else `baseline`, else the first variant with finished runs (the report's rule). */
  readonly default_baseline: string | null;
}

export interface ExperimentSummary {
  readonly name: string;
  readonly description: string | null;
  /** The experiment file's `compare:` section (`{}` when it has none). */
  readonly compare: CompareDefaults;
  /** Oldest first; the last one is what compare and report read by default. */
  readonly revisions: readonly RevisionSummary[];
}

interface CountRow extends RunCounts {
  readonly experiment_id: string;
  readonly revision: number;
  readonly variant: string;
  readonly params_json: string;
}

/** Adds counts under a key, keeping first-seen order. */
function tally<K>(into: Map<K, { ok: number; failed: number }>, key: K, row: RunCounts): void {
  const t = into.get(key) ?? { ok: 0, failed: 0 };
  t.ok += row.ok;
  t.failed += row.failed;
  into.set(key, t);
}

function summarize(revision: number, counts: readonly CountRow[], wanted: string | undefined): RevisionSummary {
  const variants = new Map<string, { ok: number; failed: number }>();
  const points = new Map<string, { ok: number; failed: number }>();
  const total = { ok: 0, failed: 0 };
  for (const row of counts) {
    tally(variants, row.variant, row);
    tally(points, row.params_json === '' ? '{}' : row.params_json, row);
    total.ok += row.ok;
    total.failed += row.failed;
  }
  const finished = [...variants].filter(([, t]) => t.ok > 0).map(([v]) => v);
  return {
    revision,
    runs: total,
    variants: [...variants].map(([variant, t]) => ({ variant, ...t })).sort((a, b) => (a.variant < b.variant ? -1 : a.variant > b.variant ? 1 : 0)),
    grid_points: [...points]
      .map(([json, t]) => ({ grid_point: parsePoint(json), ...t }))
      .sort((a, b) => comparePoints(a.grid_point, b.grid_point))
      .map((p) => ({ grid_point: p.grid_point, label: pointLabel(p.grid_point), ok: p.ok, failed: p.failed })),
    default_baseline: chooseBaseline(finished, wanted),
  };
}

export async function readCatalog(c: DuckDBConnection): Promise<ExperimentSummary[]> {
  const counts: CountRow[] = (
    await rows(
      c,
      `SELECT r.experiment_id, x.revision, r.variant, coalesce(r.params_json, '{}') AS params_json,
              count(*) FILTER (WHERE r.status = 'ok') AS ok, count(*) FILTER (WHERE r.status <> 'ok') AS failed
       FROM runs r JOIN run_context x USING (run_key) GROUP BY ALL ORDER BY ALL`,
    )
  ).map((r) => ({
    experiment_id: String(r['experiment_id']),
    revision: Number(r['revision']),
    variant: String(r['variant']),
    params_json: String(r['params_json']),
    ok: Number(r['ok']),
    failed: Number(r['failed']),
  }));
  const out: ExperimentSummary[] = [];
  for (const e of await readExperiments(c)) {
    const mine = counts.filter((r) => r.experiment_id === e.experiment_id);
    const revisions = (await readRevisions(c, e.experiment_id)).map((n) =>
      summarize(
        n,
        mine.filter((r) => r.revision === n),
        e.compare.baseline,
      ),
    );
    out.push({ name: e.name, description: e.description, compare: e.compare, revisions });
  }
  return out;
}
