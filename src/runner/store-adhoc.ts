// `paysim run` and the API's persist store their run like a sweep does (runner.md §3), as
// experiment `adhoc`, variant `default`, revision 1: same tables, same record (run-record.ts),
// so single runs and sweeps can be queried, and replayed, together.

import type { LoadedScenario } from '../config/scenario.js';
import type { RunResult } from '../engine/results.js';
import type { AgentTickRecord } from '../engine/simulation.js';
import { openStore } from '../store/open.js';
import { openExperiment } from '../store/revisions.js';
import { StoreWriter } from '../store/writer.js';
import { ADHOC_EXPERIMENT } from './experiment.js';
import { okOutcome } from './outcome.js';
import { policyRecords, type RunIdentity, runIdentity, runRecord } from './run-record.js';
import { canonicalSha256 } from './run-key.js';
import { scenarioRecord, selfContainedDocument } from './scenario-document.js';

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

function adhocIdentity(
  scenarioFile: string,
  loaded: LoadedScenario,
  ticks: number | undefined,
  result: RunResult | null,
  scenarioSha: string | null,
  restoredFrom?: string,
): RunIdentity {
  return runIdentity({
    experiment_id: ADHOC_EXPERIMENT,
    revision: 1,
    variant: 'default',
    params: adhocParams(ticks, result, restoredFrom),
    seed: loaded.config.simulation.rng_seed,
    loaded,
    scenario: scenarioFile,
    scenario_sha256: scenarioSha,
  });
}

/** The key a `paysim run` of this scenario has in the store (also names its checkpoints). */
export function adhocRunKey(loaded: LoadedScenario, ticks?: number, result: RunResult | null = null, restoredFrom?: string): string {
  return adhocIdentity('', loaded, ticks, result, null, restoredFrom).run_key;
}

export async function storeAdhocRun(dbPath: string, run: AdhocRun): Promise<AdhocStored> {
  const scenario = scenarioRecord(selfContainedDocument(run.loaded));
  const identity = adhocIdentity(run.scenarioFile, run.loaded, run.ticks, run.result, scenario.scenario_sha256, run.restoredFrom);
  const key = identity.run_key;
  const store = await openStore(dbPath);
  try {
    const existing = await store.connection.runAndReadAll("SELECT count(*) FROM runs WHERE run_key = $1 AND status = 'ok'", [key]);
    if (Number(existing.getRowsJS()[0]![0]) > 0) return { run_key: key, stored: false };
    // Ad-hoc runs keep no revision record: each run's key says all that determines it.
    await openExperiment(store.connection, { name: ADHOC_EXPERIMENT, description: 'Single runs stored by `paysim run`', spec_json: null, spec_sha256: null }, null);
    const writer = await StoreWriter.create(store);
    try {
      await writer.addPolicies(policyRecords(run.loaded.policies));
      await writer.addScenarios([scenario]);
      const outputs = { transactions: true, agent_days: true, agent_ticks: run.agentTicks != null, events: false };
      const finished = { result: run.result, agentTicks: run.agentTicks ?? null, startedAtMs: Date.now() - run.wallMs, wallMs: run.wallMs };
      writer.stage(runRecord(identity, okOutcome(key, finished, outputs)));
      await writer.flush();
    } finally {
      await writer.close();
    }
    return { run_key: key, stored: true };
  } finally {
    store.close();
  }
}
