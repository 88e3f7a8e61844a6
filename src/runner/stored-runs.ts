// Reading stored runs back for a shadow replay (runner/replay.ts) and for `paysim export-payments`:
// which runs a replay starts from, the scenario document each ran, and its payment orders.

import type { DuckDBConnection } from '@duckdb/node-api';
import { rows } from '../store/read.js';
import type { TransactionOrderRow } from './replay-orders.js';
import { parseParamsJson } from '../store/params.js';

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
  readonly revision: number;
  readonly variant: string;
  readonly seed: string;
  /** The grid point (and for `paysim run`, `ticks` and `external`). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly config_hash: string;
  readonly scenario: string;
  /** The scenario document the run ran (scenario_documents), or null for runs stored before it was kept. */
  readonly document_json: string | null;
  readonly transactions: number;
}

const STORED_RUN = `SELECT r.run_key, x.revision, r.variant, r.seed::VARCHAR AS seed, r.params_json, r.config_hash, r.scenario, d.document_json,
            (SELECT count(*) FROM transactions t WHERE t.run_key = r.run_key) AS transactions
     FROM runs r JOIN run_context x USING (run_key) LEFT JOIN scenario_documents d USING (scenario_sha256)`;

/** The runs of one variant and revision that a replay would start from (status ok). */
export async function readReplaySources(c: DuckDBConnection, experimentId: string, revision: number, variant: string): Promise<StoredRunInfo[]> {
  const found = await rows(
    c,
    `${STORED_RUN} WHERE r.experiment_id = $1 AND x.revision = $2 AND r.variant = $3 AND r.status = 'ok' ORDER BY r.run_key`,
    [experimentId, revision, variant],
  );
  return found.map(storedRunInfo);
}

/** One stored run (status ok) as a replay would rebuild it, or undefined. */
export async function readStoredRun(c: DuckDBConnection, runKey: string): Promise<StoredRunInfo | undefined> {
  const found = await rows(c, `${STORED_RUN} WHERE r.run_key = $1 AND r.status = 'ok'`, [runKey]);
  return found.map(storedRunInfo)[0];
}

function storedRunInfo(r: Record<string, unknown>): StoredRunInfo {
  return {
    run_key: String(r['run_key']),
    revision: Number(r['revision']),
    variant: String(r['variant']),
    seed: String(r['seed']),
    params: parseParamsJson(r['params_json']),
    config_hash: String(r['config_hash'] ?? ''),
    scenario: String(r['scenario'] ?? ''),
    document_json: r['document_json'] === null || r['document_json'] === undefined ? null : String(r['document_json']),
    transactions: Number(r['transactions']),
  };
}
