// What `paysim report` shows of `paysim optimize`, read from the store: the optimisations of an
// experiment's revision (store migration 6) with their trials in search order, as plain rows.

import type { DuckDBConnection } from '@duckdb/node-api';
import { isRecord } from '../../input/json-path.js';
import { rows } from '../store-reader.js';
import { parseParamsJson } from '../../store/params.js';

export interface StoredTrial {
  readonly trial: number;
  readonly round: number | null;
  readonly agent: string | null;
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Search seeds the trial ran. */
  readonly seeds: number;
  readonly mean: number | null;
  readonly incumbent: string | null;
  readonly mean_difference: number | null;
  readonly ci: readonly [number, number] | null;
  readonly p_worse: number | null;
  readonly status: string;
  readonly reason: string;
  readonly evaluations: number;
}

export interface StoredOptimization {
  readonly optimization_id: string;
  readonly revision: number;
  readonly mode: string;
  readonly method: string;
  readonly objective: string;
  readonly status: string;
  /** The `optimize:` section as stored. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The summary the optimisation stored when it ended (null while running or after a kill). */
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly trials: readonly StoredTrial[];
}

/** A store written before migration 6 and opened read-only has no optimisation tables. */
async function hasOptimizationTables(c: DuckDBConnection): Promise<boolean> {
  const found = await rows(c, `SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = current_database() AND table_name = 'optimization_trials'`);
  return Number(found[0]!['n']) > 0;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function parsed(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  const value: unknown = JSON.parse(text);
  return isRecord(value) ? value : null;
}

/** The experiment's optimisations stored in this revision, oldest first. */
export async function readOptimizations(c: DuckDBConnection, experimentId: string, revision: number): Promise<StoredOptimization[]> {
  if (!(await hasOptimizationTables(c))) return [];
  const heads = await rows(
    c,
    `SELECT optimization_id, revision, mode, method, objective, status, spec_json, result_json FROM optimizations
     WHERE experiment_id = $1 AND revision = $2 ORDER BY started_at, optimization_id`,
    [experimentId, revision],
  );
  const out: StoredOptimization[] = [];
  for (const h of heads) {
    const id = String(h['optimization_id']);
    const trials = await rows(
      c,
      `SELECT trial, round, agent, variant, params_json, json_array_length(seeds_json) AS seeds, mean, incumbent, mean_difference,
              ci_low, ci_high, p_worse, status, reason, evaluations
       FROM optimization_trials WHERE optimization_id = $1 ORDER BY trial`,
      [id],
    );
    out.push({
      optimization_id: id,
      revision: Number(h['revision']),
      mode: String(h['mode']),
      method: String(h['method']),
      objective: String(h['objective']),
      status: String(h['status']),
      spec: parsed(h['spec_json']) ?? {},
      result: parsed(h['result_json']),
      trials: trials.map((t) => {
        const lo = num(t['ci_low']);
        const hi = num(t['ci_high']);
        return {
          trial: Number(t['trial']),
          round: num(t['round']),
          agent: t['agent'] === null ? null : String(t['agent']),
          variant: String(t['variant']),
          params: parseParamsJson(t['params_json']),
          seeds: Number(t['seeds']),
          mean: num(t['mean']),
          incumbent: t['incumbent'] === null ? null : String(t['incumbent']),
          mean_difference: num(t['mean_difference']),
          ci: lo === null || hi === null ? null : [lo, hi],
          p_worse: num(t['p_worse']),
          status: String(t['status']),
          reason: t['reason'] === null ? '' : String(t['reason']),
          evaluations: Number(t['evaluations']),
        };
      }),
    });
  }
  return out;
}
