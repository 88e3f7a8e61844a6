// The query options the experiment routes share with the CLI (`--revision`, `--where`,
// `--baseline`, `--metric`), and their checks: a request naming something the store does not
// hold is a 404 (experiment) or a 400 naming the query parameter (`querystring.where[1]`), so a
// page can show the problem next to the field it came from.

import type { DuckDBConnection } from '@duckdb/node-api';
import { ComparisonError } from '../analysis/compare.js';
import { parseWhere, whereRuns } from '../analysis/grid.js';
import { metricInfo } from '../analysis/metrics.js';
import type { RunMetricRow } from '../analysis/pairing.js';
import { type ExperimentInfo, resolveExperiment, resolveRevision, StoreQueryError } from '../analysis/store-reader.js';
import { badRequest, type ErrorDetail, notFound } from './errors.js';

export const revisionProperty = {
  type: 'integer',
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'the experiment revision (default: the latest)',
} as const;

export const whereProperty = {
  type: 'array',
  items: { type: 'string' },
  description: 'PATH=VALUE: only grid points with this value (repeat for several paths), as `paysim compare --where`',
} as const;

export const metricProperty = { type: 'array', items: { type: 'string' }, description: 'a metric (repeat; list: docs/compare.md)' } as const;

export interface ExperimentAt {
  readonly experiment: ExperimentInfo;
  readonly revision: number;
}

/** The experiment (by name) and the revision asked for, else the latest: 404 / 400 otherwise. */
export async function experimentAt(c: DuckDBConnection, name: string, revision: number | undefined): Promise<ExperimentAt> {
  let experiment: ExperimentInfo;
  try {
    experiment = await resolveExperiment(c, name);
  } catch (error) {
    if (error instanceof StoreQueryError) throw notFound(error.message);
    throw error;
  }
  try {
    return { experiment, revision: await resolveRevision(c, experiment, revision) };
  } catch (error) {
    if (error instanceof StoreQueryError) throw badRequest(error.message, [{ path: 'querystring.revision', message: error.message }]);
    throw error;
  }
}

/** Problems of `where` clauses, each named by its index (a path not in the grid, a value never run). */
export function whereProblems(runs: readonly RunMetricRow[], where: readonly string[]): ErrorDetail[] {
  return where.flatMap((text, i) => {
    try {
      whereRuns(runs, [parseWhere(text)]);
      return [];
    } catch (error) {
      if (!(error instanceof ComparisonError)) throw error;
      // The analysis speaks of the CLI flag; here the parameter is named by the path.
      return [{ path: `querystring.where[${i}]`, message: error.message.replace(/^--where: /, '') }];
    }
  });
}

/** Variants named that have no finished runs in the revision (before `where` narrows them). */
export function variantProblems(runs: readonly RunMetricRow[], named: ReadonlyArray<{ readonly path: string; readonly variant: string }>): ErrorDetail[] {
  const have = [...new Set(runs.map((r) => r.variant))].sort();
  return named
    .filter((n) => !have.includes(n.variant))
    .map((n) => ({ path: n.path, message: `no finished runs of variant '${n.variant}' (have: ${have.join(', ') || 'none'})` }));
}

/** Unknown metrics: by index when the request named them, else the experiment file's defaults are at fault. */
export function metricProblems(metrics: readonly string[], explicit: boolean): ErrorDetail[] {
  return metrics.flatMap((m, i) =>
    metricInfo(m) === undefined ? [{ path: explicit ? `querystring.metric[${i}]` : 'querystring.metric', message: `unknown metric '${m}' (list: docs/compare.md)` }] : [],
  );
}

/** Every problem of the request at once, so a page can mark every field that is wrong. */
export function refuse(details: readonly ErrorDetail[]): void {
  if (details.length > 0) throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
}

/** The runs at the grid points every clause keeps (the clauses were checked by whereProblems). */
export function narrowRuns(runs: readonly RunMetricRow[], where: readonly string[] | undefined): RunMetricRow[] {
  return whereRuns(runs, (where ?? []).map(parseWhere));
}
