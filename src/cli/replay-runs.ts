// Shadow replay into the store: each source run rebuilt, replayed with the candidate policies on
// the worker pool, and stored as a run of a new variant of the same experiment, with the same seed
// and grid point (so it pairs with its original, runner.md §4). The run specs carry the recorded
// payment orders; the sweep coordinator does the rest (pool, batched commits, resume: a replay
// already stored with the same run key is not run again).

import { withPolicies, type PolicySwaps } from '../analysis/replay.js';
import { replayOrders } from '../analysis/replay-orders.js';
import type { PlannedRun } from '../runner/plan.js';
import { createPool } from '../runner/pool.js';
import type { RunIdentity } from '../runner/run-record.js';
import { canonicalSha256, runKey } from '../runner/run-key.js';
import type { RunSpec } from '../runner/run-spec.js';
import { type FailedRun, runIntoStore } from '../runner/sweep.js';
import type { Store } from '../store/open.js';
import { readTransactionOrders, type StoredRunInfo } from '../analysis/store-reader.js';
import { rebuildRunScenario } from './replay-scenario.js';
import { preloadPaymentFiles } from '../config/payments/parquet.js';

export interface ReplayJob {
  readonly experimentId: string;
  readonly sources: readonly StoredRunInfo[];
  readonly swaps: PolicySwaps;
  /** The new variant's name. */
  readonly variant: string;
  readonly workers: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReplayDone {
  readonly replayed: number;
  /** Already stored from an earlier replay with the same policies. */
  readonly reused: number;
  readonly failed: readonly FailedRun[];
}

/**
 * Sources are read and sent in chunks: a chunk's recorded orders are all the coordinator holds
 * at once, however many runs are replayed.
 */
const CHUNK_RUNS = 100;

export async function replayIntoStore(store: Store, job: ReplayJob): Promise<ReplayDone> {
  await preloadPaymentFiles([...new Set(job.sources.map((s) => s.scenario))]);
  const pool = createPool(job.workers);
  const policies = [...job.swaps.values()].map((p) => ({
    policy_sha256: p.hash,
    name: p.name,
    document_json: JSON.stringify(p.document),
  }));
  let replayed = 0;
  let reused = 0;
  const failed: FailedRun[] = [];
  try {
    for (let start = 0; start < job.sources.length; start += CHUNK_RUNS) {
      const chunk: PlannedRun[] = [];
      for (const [offset, source] of job.sources.slice(start, start + CHUNK_RUNS).entries()) {
        chunk.push(await plannedReplay(store, job, source, start + offset));
      }
      const result = await runIntoStore(store, job.experimentId, chunk, policies, { db: '', workers: job.workers, pool });
      await linkToSources(store, chunk, job.sources.slice(start, start + CHUNK_RUNS));
      replayed += result.ok;
      reused += result.skipped;
      failed.push(...result.failed);
      job.onProgress?.(Math.min(start + CHUNK_RUNS, job.sources.length), job.sources.length);
    }
  } finally {
    await pool.destroy();
  }
  return { replayed, reused, failed };
}

/** Records which stored run each replay replayed (table run_links, kind 'replay'), once. */
async function linkToSources(store: Store, runs: readonly PlannedRun[], sources: readonly StoredRunInfo[]): Promise<void> {
  for (const [i, run] of runs.entries()) {
    await store.connection.run(
      `INSERT INTO run_links SELECT $1, $2, 'replay'
       WHERE EXISTS (SELECT 1 FROM runs WHERE run_key = $1)
         AND NOT EXISTS (SELECT 1 FROM run_links WHERE run_key = $1 AND source_run_key = $2)`,
      [run.identity.run_key, sources[i]!.run_key],
    );
  }
}

/** The run spec of one replay: the rebuilt scenario with the candidates inlined, and its orders. */
async function plannedReplay(store: Store, job: ReplayJob, source: StoredRunInfo, index: number): Promise<PlannedRun> {
  const rebuilt = rebuildRunScenario(source);
  const scenario = withPolicies(rebuilt.loaded, job.swaps);
  const ids = scenario.config.agents.map((a) => a.id);
  const params = JSON.parse(source.params_json === '' ? '{}' : source.params_json) as Record<string, unknown>;
  const key = runKey({
    experiment_id: job.experimentId,
    variant: job.variant,
    params,
    config_hash: scenario.configHash,
    seed: source.seed,
  });
  // The document as the worker must see it: every policy inline, the horizon the run had.
  const document = structuredClone(scenario.document) as { simulation: Record<string, unknown>; agents: Record<string, unknown>[] };
  document.simulation = { ...document.simulation, num_days: scenario.config.simulation.num_days };
  document.agents = document.agents.map((agent, a) => ({
    ...agent,
    policy: { type: 'Tree', tree: scenario.policies[a]!.document },
  }));
  const identity: RunIdentity = {
    run_key: key,
    experiment_id: job.experimentId,
    variant: job.variant,
    params,
    seed: source.seed,
    config_hash: scenario.configHash,
    scenario: source.scenario,
    policies: scenario.policies.map((p, a) => ({ agent: ids[a]!, policy_sha256: p.hash })),
  };
  const spec: RunSpec = {
    run_key: key,
    experiment_id: job.experimentId,
    variant: job.variant,
    seed: source.seed,
    scenario_key: canonicalSha256(scenario.payments ? { document, payments: scenario.payments.sha256 } : document),
    scenario_json: JSON.stringify(document),
    scenario_file: source.scenario,
    ...(scenario.payments ? { payments: scenario.payments } : {}),
    outputs: { transactions: true, agent_days: true, agent_ticks: false, events: false },
    replay: replayOrders(await readTransactionOrders(store.connection, source.run_key), ids),
    ...(rebuilt.ticks !== null ? { ticks: rebuilt.ticks } : {}),
  };
  return { index, identity, spec };
}
