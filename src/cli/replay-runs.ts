// Shadow replay into the store: each source run rebuilt, replayed with the candidate policies,
// and stored as a run of a new variant of the same experiment, with the same seed and grid point
// (so it pairs with its original, runner.md §4). Runs in this process, one after another: the
// sweep's worker pool takes run specs that generate their arrivals and has no replay input yet.
// A replay already stored (same run key) is not run again, as a sweep resumes.

import type { PolicySwaps } from '../analysis/replay.js';
import { replayRun, withPolicies } from '../analysis/replay.js';
import { replayOrders } from '../analysis/replay-orders.js';
import { encodeTable } from '../runner/arrow-encode.js';
import type { RunIdentity } from '../runner/run-record.js';
import { runRecord } from '../runner/run-record.js';
import { runKey } from '../runner/run-key.js';
import type { RunOutcome } from '../runner/run-spec.js';
import { AGENT_DAYS, RUN_AGENTS, TRANSACTIONS } from '../store/columns.js';
import type { Store } from '../store/open.js';
import { StoreWriter } from '../store/writer.js';
import { readTransactionOrders, type StoredRunInfo, storedOk } from './analysis-store.js';
import { rebuildRunScenario } from './replay-scenario.js';

export interface ReplayJob {
  readonly experimentId: string;
  readonly sources: readonly StoredRunInfo[];
  readonly swaps: PolicySwaps;
  /** The new variant's name. */
  readonly variant: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ReplayDone {
  readonly replayed: number;
  /** Already stored from an earlier replay with the same policies. */
  readonly reused: number;
}

/** Commit after this many replayed runs, so an interrupted replay keeps what it did. */
const BATCH_RUNS = 100;

export async function replayIntoStore(store: Store, job: ReplayJob): Promise<ReplayDone> {
  const existing = await storedOk(store.connection, job.experimentId);
  const writer = await StoreWriter.create(store);
  let replayed = 0;
  let reused = 0;
  try {
    await writer.addPolicies([...job.swaps.values()].map((p) => ({ policy_sha256: p.hash, name: p.name, document_json: JSON.stringify(p.document) })));
    for (const [i, source] of job.sources.entries()) {
      const rebuilt = rebuildRunScenario(source);
      const ids = rebuilt.loaded.config.agents.map((a) => a.id);
      const params = JSON.parse(source.params_json === '' ? '{}' : source.params_json) as Record<string, unknown>;
      const configHash = withPolicies(rebuilt.loaded, job.swaps).configHash;
      const key = runKey({ experiment_id: job.experimentId, variant: job.variant, params, config_hash: configHash, seed: source.seed });
      if (existing.has(key)) {
        reused += 1;
        job.onProgress?.(i + 1, job.sources.length);
        continue;
      }
      const started = performance.now();
      const startedAtMs = Date.now();
      const orders = replayOrders(await readTransactionOrders(store.connection, source.run_key), ids);
      const run = replayRun(rebuilt.loaded, orders, job.swaps, rebuilt.ticks ?? undefined);
      const identity: RunIdentity = {
        run_key: key,
        experiment_id: job.experimentId,
        variant: job.variant,
        params,
        seed: source.seed,
        config_hash: run.scenario.configHash,
        scenario: source.scenario,
        policies: run.scenario.policies.map((p, a) => ({ agent: ids[a]!, policy_sha256: p.hash })),
      };
      const { agents, ...summary } = run.result.summary;
      const outcome: RunOutcome = {
        run_key: key,
        status: 'ok',
        error: null,
        summary,
        started_at_ms: startedAtMs,
        wall_ms: performance.now() - started,
        tables: {
          run_agents: encodeTable(RUN_AGENTS, agents),
          transactions: encodeTable(TRANSACTIONS, run.result.transactions),
          agent_days: encodeTable(AGENT_DAYS, run.result.agent_days),
        },
      };
      writer.stage(runRecord(identity, outcome));
      replayed += 1;
      if (writer.pendingRuns >= BATCH_RUNS) await writer.commit();
      job.onProgress?.(i + 1, job.sources.length);
    }
    await writer.commit();
  } finally {
    await writer.close();
  }
  return { replayed, reused };
}
