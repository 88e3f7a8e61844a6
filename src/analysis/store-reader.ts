// Reading what the comparison, the replay and the report need from the store, as the plain rows
// that src/analysis takes. Only runs with status 'ok' take part; failed runs are counted.

import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AgentMetricRow, RunMetricRow } from './pairing.js';
import { AGENT_METRICS, RUN_METRICS } from './metrics.js';
import type { SettledCount } from './report/report-data.js';
import type { TransactionOrderRow } from './replay-orders.js';

/** The store does not hold what was asked for (no such experiment, several to choose from): bad input. */
export class StoreQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreQueryError';
  }
}

/** BIGINT → number (money fits in 2^53 by the engine's own limits), everything else as it is. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** A query's rows as objects by column name, BIGINTs as numbers. */
export async function rows(c: DuckDBConnection, sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await c.runAndReadAll(sql, params);
  const names = reader.columnNames();
  return reader.getRowsJS().map((r) => Object.fromEntries(r.map((v, i) => [names[i]!, plain(v)])));
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface ExperimentInfo {
  readonly experiment_id: string;
  readonly name: string;
  readonly description: string | null;
}

/** The named experiment, or the only one besides `adhoc` when none is named. */
export async function resolveExperiment(c: DuckDBConnection, name: string | undefined): Promise<ExperimentInfo> {
  const all = (await rows(c, 'SELECT experiment_id, name, description FROM experiments ORDER BY experiment_id')).map((r) => ({
    experiment_id: String(r['experiment_id']),
    name: String(r['name']),
    description: r['description'] === null ? null : String(r['description']),
  }));
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

export interface ExperimentRuns {
  readonly runs: RunMetricRow[];
  readonly failed: number;
}

/** Finished runs of an experiment (optionally only some variants) with every comparable metric. */
export async function readRuns(c: DuckDBConnection, experimentId: string, variants?: readonly string[]): Promise<ExperimentRuns> {
  const metricCols = [...new Set(['ticks', 'arrivals', ...RUN_METRICS.map((m) => m.name)])];
  const params: DuckDBValue[] = [experimentId];
  let sql = `SELECT run_key, variant, seed::VARCHAR AS seed, params_json, status, ${metricCols.join(', ')} FROM runs WHERE experiment_id = $1`;
  if (variants !== undefined) {
    // The variant list travels as one JSON text parameter (scalar parameters only).
    sql += ` AND list_contains(from_json($2, '["VARCHAR"]'), variant)`;
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

/** Each agent's end-of-run costs for the given runs. */
export async function readAgentRows(c: DuckDBConnection, experimentId: string): Promise<AgentMetricRow[]> {
  const cols = AGENT_METRICS.map((m) => `a.${m.name}`).join(', ');
  const out = await rows(
    c,
    `SELECT a.run_key, a.agent, ${cols} FROM run_agents a JOIN runs r USING (run_key)
     WHERE r.experiment_id = $1 AND r.status = 'ok' ORDER BY a.run_key, a.agent`,
    [experimentId],
  );
  return out.map((r) => ({
    run_key: String(r['run_key']),
    agent: String(r['agent']),
    metrics: Object.fromEntries(AGENT_METRICS.map((m) => [m.name, num(r[m.name])])),
  }));
}

/** Payment orders settled per run and tick (for the settlement chart). */
export async function readSettledCounts(c: DuckDBConnection, experimentId: string): Promise<SettledCount[]> {
  const out = await rows(
    c,
    `SELECT t.run_key, t.settled_tick AS tick, count(*) AS settled FROM transactions t JOIN runs r USING (run_key)
     WHERE r.experiment_id = $1 AND r.status = 'ok' AND t.parent_id IS NULL AND t.status = 'settled'
     GROUP BY ALL ORDER BY ALL`,
    [experimentId],
  );
  return out.map((r) => ({ run_key: String(r['run_key']), tick: Number(r['tick']), settled: Number(r['settled']) }));
}

/** The payment orders of one run, as a replay needs them (split children included; replayOrders skips them). */
export async function readTransactionOrders(c: DuckDBConnection, runKey: string): Promise<TransactionOrderRow[]> {
  const out = await rows(
    c,
    `SELECT tx_id, parent_id, sender, receiver, amount, priority, divisible, origin, arrival_tick, deadline_tick
     FROM transactions WHERE run_key = $1 ORDER BY tx_id`,
    [runKey],
  );
  return out.map((r) => ({
    tx_id: Number(r['tx_id']),
    parent_id: r['parent_id'] === null ? null : Number(r['parent_id']),
    sender: String(r['sender']),
    receiver: String(r['receiver']),
    amount: Number(r['amount']),
    priority: Number(r['priority']),
    divisible: Boolean(r['divisible']),
    origin: String(r['origin']),
    arrival_tick: Number(r['arrival_tick']),
    deadline_tick: Number(r['deadline_tick']),
  }));
}

export interface StoredRunInfo {
  readonly run_key: string;
  readonly variant: string;
  readonly seed: string;
  readonly params_json: string;
  readonly config_hash: string;
  readonly scenario: string;
  readonly days: number | null;
  readonly ticks: number | null;
  readonly transactions: number;
  /** Agent id → the policy document (effective JSON) the run used. */
  readonly policies: ReadonlyMap<string, string>;
}

/** The runs of one variant that a replay would start from (status ok), with their policies. */
export async function readReplaySources(c: DuckDBConnection, experimentId: string, variant: string): Promise<StoredRunInfo[]> {
  const runs = await rows(
    c,
    `SELECT r.run_key, r.variant, r.seed::VARCHAR AS seed, r.params_json, r.config_hash, r.scenario, r.days, r.ticks,
            (SELECT count(*) FROM transactions t WHERE t.run_key = r.run_key) AS transactions
     FROM runs r WHERE r.experiment_id = $1 AND r.variant = $2 AND r.status = 'ok' ORDER BY r.run_key`,
    [experimentId, variant],
  );
  const policies = await rows(
    c,
    `SELECT rp.run_key, rp.agent, p.document_json FROM run_policies rp JOIN policies p USING (policy_sha256)
     JOIN runs r USING (run_key) WHERE r.experiment_id = $1 AND r.variant = $2 AND r.status = 'ok'`,
    [experimentId, variant],
  );
  const byRun = new Map<string, Map<string, string>>();
  for (const p of policies) {
    const key = String(p['run_key']);
    let m = byRun.get(key);
    if (m === undefined) byRun.set(key, (m = new Map()));
    m.set(String(p['agent']), String(p['document_json']));
  }
  return runs.map((r) => ({
    run_key: String(r['run_key']),
    variant: String(r['variant']),
    seed: String(r['seed']),
    params_json: String(r['params_json'] ?? '{}'),
    config_hash: String(r['config_hash'] ?? ''),
    scenario: String(r['scenario'] ?? ''),
    days: num(r['days']),
    ticks: num(r['ticks']),
    transactions: Number(r['transactions']),
    policies: byRun.get(String(r['run_key'])) ?? new Map(),
  }));
}

/** run_keys already stored ok (a replay resumes like a sweep). */
export async function storedOk(c: DuckDBConnection, experimentId: string): Promise<Set<string>> {
  const out = await rows(c, `SELECT run_key FROM runs WHERE experiment_id = $1 AND status = 'ok'`, [experimentId]);
  return new Set(out.map((r) => String(r['run_key'])));
}
