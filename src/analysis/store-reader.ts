// Reading what the comparison and the report need from the store, as the plain rows
// that src/analysis takes. Only runs with status 'ok' take part; failed runs are counted.

import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { rows } from '../store/read.js';
import type { CompareDefaults } from '../runner/experiment.js';

export type { CompareDefaults };
import type { AgentMetricRow, RunMetricRow } from './pairing.js';
import { AGENT_METRICS, RUN_METRICS } from './metrics.js';

/** The store does not hold what was asked for (no such experiment, several to choose from): bad input. */
export class StoreQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreQueryError';
  }
}

export { rows } from '../store/read.js';

/** Payment orders settled per run and tick (settled_tick of rows with no parent). */
export interface SettledCount {
  readonly run_key: string;
  readonly tick: number;
  readonly settled: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface ExperimentInfo {
  readonly experiment_id: string;
  readonly name: string;
  readonly description: string | null;
  /** The experiment file's `compare:` defaults (flags override them). */
  readonly compare: CompareDefaults;
}

function compareDefaults(specJson: unknown): CompareDefaults {
  if (typeof specJson !== 'string') return {};
  const spec = JSON.parse(specJson) as { compare?: CompareDefaults };
  return spec.compare ?? {};
}

/** Every stored experiment, by id. */
export async function readExperiments(c: DuckDBConnection): Promise<ExperimentInfo[]> {
  return (await rows(c, 'SELECT experiment_id, name, description, spec_json FROM experiments ORDER BY experiment_id')).map((r) => ({
    experiment_id: String(r['experiment_id']),
    name: String(r['name']),
    description: r['description'] === null ? null : String(r['description']),
    compare: compareDefaults(r['spec_json']),
  }));
}

/** The named experiment, or the only one besides `adhoc` when none is named. */
export async function resolveExperiment(c: DuckDBConnection, name: string | undefined): Promise<ExperimentInfo> {
  const all = await readExperiments(c);
  if (name !== undefined) {
    const found = all.find((e) => e.experiment_id === name || e.name === name);
    if (found === undefined) {
      throw new StoreQueryError(`no experiment '${name}' in the store (have: ${all.map((e) => e.name).join(', ') || 'none'})`);
    }
    return found;
  }
  const real = all.filter((e) => e.experiment_id !== 'adhoc');
  const pool = real.length > 0 ? real : all;
  if (pool.length === 1) return pool[0]!;
  throw new StoreQueryError(
    pool.length === 0 ? 'the store has no experiments yet (run `paysim sweep` first)' : `several experiments in the store; name one with --experiment (${pool.map((e) => e.name).join(', ')})`,
  );
}

/**
 * The revision to read: the one asked for (it must exist), else the latest. Experiments without
 * recorded revisions (the `adhoc` runs) have revision 1.
 */
export async function resolveRevision(c: DuckDBConnection, experiment: ExperimentInfo, requested?: number): Promise<number> {
  const revisions = await readRevisions(c, experiment.experiment_id);
  if (requested === undefined) return revisions.at(-1) ?? 1;
  if (!revisions.includes(requested)) {
    throw new StoreQueryError(`${experiment.name}: no revision ${requested} (has: ${revisions.join(', ') || 'none'})`);
  }
  return requested;
}

/** The experiment's revisions, oldest first: recorded ones and those its runs belong to. */
export async function readRevisions(c: DuckDBConnection, experimentId: string): Promise<number[]> {
  const found = await rows(
    c,
    `SELECT revision FROM experiment_revisions WHERE experiment_id = $1
     UNION SELECT DISTINCT x.revision FROM run_context x JOIN runs r USING (run_key) WHERE r.experiment_id = $1 ORDER BY 1`,
    [experimentId],
  );
  return found.map((r) => Number(r['revision']));
}

/** SQL condition: the run (alias r) belongs to revision $n. */
const IN_REVISION = (n: number): string => `r.run_key IN (SELECT run_key FROM run_context WHERE revision = $${n})`;

export interface ExperimentRuns {
  readonly runs: RunMetricRow[];
  readonly failed: number;
}

/** Finished runs of one revision of an experiment (optionally only some variants) with every comparable metric. */
export async function readRuns(c: DuckDBConnection, experimentId: string, revision: number, variants?: readonly string[]): Promise<ExperimentRuns> {
  const metricCols = [...new Set(['ticks', 'arrivals', ...RUN_METRICS.map((m) => m.name)])];
  const params: DuckDBValue[] = [experimentId, revision];
  let sql = `SELECT run_key, variant, seed::VARCHAR AS seed, params_json, status, ${metricCols.join(', ')} FROM runs r
    WHERE experiment_id = $1 AND ${IN_REVISION(2)}`;
  if (variants !== undefined) {
    // The variant list travels as one JSON text parameter (scalar parameters only).
    sql += ` AND list_contains(from_json($3, '["VARCHAR"]'), variant)`;
    params.push(JSON.stringify(variants));
  }
  const all = await rows(c, `${sql} ORDER BY run_key`, params);
  const ok = all.filter((r) => r['status'] === 'ok');
  return {
    failed: all.length - ok.length,
    runs: ok.map((r) => ({
      run_key: String(r['run_key']),
      variant: String(r['variant']),
      seed: String(r['seed']),
      params_json: String(r['params_json'] ?? '{}'),
      metrics: Object.fromEntries(metricCols.map((m) => [m, num(r[m])])),
    })),
  };
}

/** Each agent's end-of-run costs in the runs of one revision of an experiment. */
export async function readAgentRows(c: DuckDBConnection, experimentId: string, revision: number): Promise<AgentMetricRow[]> {
  const cols = AGENT_METRICS.map((m) => `a.${m.name}`).join(', ');
  const out = await rows(
    c,
    `SELECT a.run_key, a.agent, ${cols} FROM run_agents a JOIN runs r USING (run_key)
     WHERE r.experiment_id = $1 AND ${IN_REVISION(2)} AND r.status = 'ok' ORDER BY a.run_key, a.agent`,
    [experimentId, revision],
  );
  return out.map((r) => ({
    run_key: String(r['run_key']),
    agent: String(r['agent']),
    metrics: Object.fromEntries(AGENT_METRICS.map((m) => [m.name, num(r[m.name])])),
  }));
}

/** Payment orders settled per run and tick (for the settlement chart). */
export async function readSettledCounts(c: DuckDBConnection, experimentId: string, revision: number): Promise<SettledCount[]> {
  const out = await rows(
    c,
    `SELECT t.run_key, t.settled_tick AS tick, count(*) AS settled FROM transactions t JOIN runs r USING (run_key)
     WHERE r.experiment_id = $1 AND ${IN_REVISION(2)} AND r.status = 'ok' AND t.parent_id IS NULL AND t.status = 'settled'
     GROUP BY ALL ORDER BY ALL`,
    [experimentId, revision],
  );
  return out.map((r) => ({ run_key: String(r['run_key']), tick: Number(r['tick']), settled: Number(r['settled']) }));
}
