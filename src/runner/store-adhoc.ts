// `paysim run` stores its run like a sweep does (runner.md §3), as experiment `adhoc`, variant
// `default`: same tables, same run keys, so single runs and sweeps can be queried together.

import type { LoadedScenario } from '../config/scenario.js';
import type { RunResult } from '../engine/results.js';
import type { AgentTickRecord } from '../engine/simulation.js';
import { AGENT_DAYS, AGENT_TICKS, RUN_AGENTS, TRANSACTIONS } from '../store/columns.js';
import { openStore } from '../store/open.js';
import { StoreWriter, upsertExperiment } from '../store/writer.js';
import { encodeTable } from './arrow-encode.js';
import { ADHOC_EXPERIMENT } from './experiment.js';
import { runRecord } from './run-record.js';
import { canonicalSha256, runKey } from './run-key.js';

export interface AdhocRun {
  /** The scenario file as given on the command line. */
  readonly scenarioFile: string;
  /** The scenario as run (seed and horizon overrides applied). */
  readonly loaded: LoadedScenario;
  readonly result: RunResult;
  readonly agentTicks?: readonly AgentTickRecord[] | null;
  readonly wallMs: number;
  /** Set when the run stopped before the configured horizon (`--ticks`): part of its identity. */
  readonly ticks?: number;
  /**
   * SHA-256 of the checkpoint an API simulation was restored from: part of its identity, so a
   * restored simulation never takes the key of one that ran from tick 0.
   */
  readonly restoredFrom?: string;
}

export interface AdhocStored {
  readonly run_key: string;
  /** False when the same run was already stored (same key, same result): nothing written. */
  readonly stored: boolean;
}

/**
 * What, besides config and seed, determines an ad-hoc run's result: where it stopped (`ticks`)
 * and, for a simulation driven over the HTTP API, the payments submitted from outside (their
 * SHA-256), so that two API simulations of one scenario with different payments never share a key.
 */
function adhocParams(ticks: number | undefined, result: RunResult | null, restoredFrom?: string): Record<string, unknown> {
  const params: Record<string, unknown> = ticks === undefined ? {} : { ticks };
  if (restoredFrom !== undefined) params['restored_from'] = restoredFrom;
  const external = (result?.transactions ?? [])
    .filter((t) => t.origin === 'external')
    .map((t) => [t.tx_id, t.arrival_tick, t.sender, t.receiver, t.amount, t.deadline_tick, t.priority, t.divisible]);
  if (external.length > 0) params['external'] = canonicalSha256(external);
  return params;
}

/** The key a `paysim run` of this scenario has in the store (also names its checkpoints). */
export function adhocRunKey(loaded: LoadedScenario, ticks?: number, result: RunResult | null = null, restoredFrom?: string): string {
  const seed = loaded.config.simulation.rng_seed;
  return runKey({
    experiment_id: ADHOC_EXPERIMENT,
    variant: 'default',
    params: adhocParams(ticks, result, restoredFrom),
    config_hash: loaded.configHash,
    seed,
  });
}

export async function storeAdhocRun(dbPath: string, run: AdhocRun): Promise<AdhocStored> {
  const params = adhocParams(run.ticks, run.result, run.restoredFrom);
  const seed = run.loaded.config.simulation.rng_seed;
  const config_hash = run.loaded.configHash;
  const key = adhocRunKey(run.loaded, run.ticks, run.result, run.restoredFrom);
  const store = await openStore(dbPath);
  try {
    const existing = await store.connection.runAndReadAll("SELECT count(*) FROM runs WHERE run_key = $1 AND status = 'ok'", [key]);
    if (Number(existing.getRowsJS()[0]![0]) > 0) return { run_key: key, stored: false };
    await upsertExperiment(store.connection, {
        experiment_id: ADHOC_EXPERIMENT,
        name: ADHOC_EXPERIMENT,
        description: 'Single runs stored by `paysim run`',
        spec_json: null,
        spec_sha256: null,
      });
    const writer = await StoreWriter.create(store);
    try {
      await writer.addPolicies(
        run.loaded.policies.map((p) => ({ policy_sha256: p.hash, name: p.name, document_json: JSON.stringify(p.document) })),
      );
      const { agents, ...summary } = run.result.summary;
      const tables = {
        run_agents: encodeTable(RUN_AGENTS, agents),
        transactions: encodeTable(TRANSACTIONS, run.result.transactions),
        agent_days: encodeTable(AGENT_DAYS, run.result.agent_days),
        ...(run.agentTicks ? { agent_ticks: encodeTable(AGENT_TICKS, run.agentTicks) } : {}),
      };
      const identity = {
        run_key: key,
        experiment_id: ADHOC_EXPERIMENT,
        variant: 'default',
        params: { scenario: run.scenarioFile, ...params },
        seed,
        config_hash,
        scenario: run.scenarioFile,
        policies: run.loaded.policies.map((p, i) => ({ agent: run.loaded.config.agents[i]!.id, policy_sha256: p.hash })),
      };
      const outcome = {
        run_key: key,
        status: 'ok' as const,
        error: null,
        summary,
        started_at_ms: Date.now() - run.wallMs,
        wall_ms: run.wallMs,
        tables,
      };
      writer.stage(runRecord(identity, outcome));
      await writer.commit();
    } finally {
      await writer.close();
    }
    return { run_key: key, stored: true };
  } finally {
    store.close();
  }
}
