// Shadow replay into the store (runner.md §5): each source run rebuilt from the store alone (its
// stored scenario document, rebuild-run.ts), replayed with the candidate policies on the worker
// pool, and stored as a run of a new variant of the same experiment and revision, with the same
// seed and grid point (so it pairs with its original). The run specs carry the recorded payment
// orders; the sweep coordinator does the rest (pool, batched commits, resume: a replay already
// stored with the same run key is not run again). Used by `paysim replay`; nothing here is CLI.

import { preloadPaymentFiles } from '../config/payments/parquet.js';
import { configHash, type LoadedScenario } from '../config/scenario.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import { readTransactionOrders, type StoredRunInfo } from './stored-runs.js';
import { replayOrders } from './replay-orders.js';
import type { Store } from '../store/open.js';
import { ReplayError } from './errors.js';
import type { PlannedRun } from './plan.js';
import { createPool } from './pool.js';
import { rebuildRunScenario } from './rebuild-run.js';
import { policyRecords, runIdentity } from './run-record.js';
import { canonicalSha256 } from './run-key.js';
import type { RunSpec } from './run-spec.js';
import { scenarioRecord, selfContainedDocument } from './scenario-document.js';
import { type FailedRun, runIntoStore } from './sweep.js';

/** Candidate policies by agent id. */
export type PolicySwaps = ReadonlyMap<string, ResolvedPolicy>;

/** The scenario with the given agents' policies replaced; its config hash follows. */
export function withPolicies(loaded: LoadedScenario, swaps: PolicySwaps): LoadedScenario {
  const ids = loaded.config.agents.map((a) => a.id);
  for (const agent of swaps.keys()) {
    if (!ids.includes(agent)) throw new ReplayError(`agent '${agent}' is not in the scenario (agents: ${ids.join(', ')})`);
  }
  if (swaps.size === 0) return loaded;
  const policies = loaded.policies.map((p, i) => swaps.get(ids[i]!) ?? p);
  return { ...loaded, policies, configHash: configHash(loaded.config, policies) };
}

/** The agents of a stored run, from its stored scenario (for checking candidates before replaying). */
export function sourceAgents(source: StoredRunInfo): string[] {
  return rebuildRunScenario(source).loaded.config.agents.map((a) => a.id);
}

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
  let replayed = 0;
  let reused = 0;
  const failed: FailedRun[] = [];
  try {
    for (let start = 0; start < job.sources.length; start += CHUNK_RUNS) {
      const sources = job.sources.slice(start, start + CHUNK_RUNS);
      const chunk: PlannedRun[] = [];
      const scenarios = new Map<string, ReturnType<typeof scenarioRecord>>();
      const policies: ResolvedPolicy[] = [];
      for (const [offset, source] of sources.entries()) {
        const planned = await plannedReplay(store, job, source, start + offset);
        chunk.push(planned.run);
        scenarios.set(planned.scenario.scenario_sha256, planned.scenario);
        policies.push(...planned.policies);
      }
      const result = await runIntoStore(store, job.experimentId, chunk, policyRecords(policies), [...scenarios.values()], {
        db: '',
        workers: job.workers,
        pool,
      });
      await linkToSources(store, chunk, sources);
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
async function plannedReplay(
  store: Store,
  job: ReplayJob,
  source: StoredRunInfo,
  index: number,
): Promise<{ run: PlannedRun; scenario: ReturnType<typeof scenarioRecord>; policies: readonly ResolvedPolicy[] }> {
  const rebuilt = rebuildRunScenario(source);
  const scenario = withPolicies(rebuilt.loaded, job.swaps);
  const ids = scenario.config.agents.map((a) => a.id);
  // The document as the worker must see it: every policy inline, the horizon the run had.
  const stored = scenarioRecord(selfContainedDocument(scenario));
  const identity = runIdentity({
    experiment_id: job.experimentId,
    revision: source.revision,
    variant: job.variant,
    params: source.params,
    seed: source.seed,
    loaded: scenario,
    scenario: source.scenario,
    scenario_sha256: stored.scenario_sha256,
  });
  let orders;
  try {
    orders = replayOrders(await readTransactionOrders(store.connection, source.run_key), ids);
  } catch (error) {
    throw new ReplayError(`run ${source.run_key.slice(0, 12)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const spec: RunSpec = {
    run_key: identity.run_key,
    experiment_id: job.experimentId,
    variant: job.variant,
    seed: source.seed,
    // A payment file's digest is part of the worker's cache key, as in a sweep.
    scenario_key: scenario.payments ? canonicalSha256({ doc: stored.scenario_sha256, payments: scenario.payments.sha256 }) : stored.scenario_sha256,
    scenario_json: stored.document_json,
    scenario_file: source.scenario,
    ...(scenario.payments ? { payments: scenario.payments } : {}),
    outputs: { transactions: true, agent_days: true, agent_ticks: false, events: false },
    replay: orders,
    ...(rebuilt.ticks !== null ? { ticks: rebuilt.ticks } : {}),
  };
  return { run: { index, identity, spec }, scenario: stored, policies: scenario.policies };
}
