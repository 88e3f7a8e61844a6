// A finished run as the store takes it — the one path from a run to its stored rows, for every
// writer (sweep, shadow replay, `paysim run`, the API's persist): the identity (built here, with
// its run key), the outcome (the run's summary and encoded tables, outcome.ts), and from both the
// `runs` row, the run's policies, its revision and scenario document, and its grid point as rows.

import type { LoadedScenario } from '../config/scenario.js';
import { ENGINE_VERSION } from '../engine/version.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import type { PolicyRecord, RunParamRow, RunRecord } from '../store/writer.js';
import { summaryColumns } from '../store/runs-columns.js';
import { runConfigHash, runKey } from './run-key.js';
import type { RunOutcome } from './run-spec.js';

/** What the coordinator knows about a run before it ran. */
export interface RunIdentity {
  readonly run_key: string;
  readonly experiment_id: string;
  /** The experiment revision the run belongs to (1 for `paysim run` and the API). */
  readonly revision: number;
  readonly variant: string;
  /** The grid point: vary path → value (`{scale: x}` for multipliers). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: string;
  /** runConfigHash: the resolved scenario and its policies, without the seed. */
  readonly config_hash: string;
  /** The scenario file named by the user (for people; replay reads `scenario_sha256`). */
  readonly scenario: string;
  /** Key of the self-contained scenario document the run ran (scenario_documents), if stored. */
  readonly scenario_sha256: string | null;
  readonly policies: ReadonlyArray<{ readonly agent: string; readonly policy_sha256: string }>;
}

export interface RunIdentityInput {
  readonly experiment_id: string;
  readonly revision: number;
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: string;
  /** The scenario as run (any seed: the config hash leaves it out). */
  readonly loaded: LoadedScenario;
  /** runConfigHash(loaded), when the caller has it already (a planner keys every seed of one document). */
  readonly config_hash?: string;
  readonly scenario: string;
  readonly scenario_sha256: string | null;
}

/** The identity of a run, with its key: the only place run keys and config hashes are made. */
export function runIdentity(input: RunIdentityInput): RunIdentity {
  const { experiment_id, variant, params, seed } = input;
  const identity: RunIdentity = {
    run_key: '',
    experiment_id,
    revision: 1,
    variant,
    params,
    seed,
    config_hash: input.config_hash ?? runConfigHash(input.loaded),
    scenario: input.scenario,
    scenario_sha256: input.scenario_sha256,
    policies: runPolicies(input.loaded),
  };
  return withRevision(identity, input.revision);
}

/** The same run as a run of another revision of its experiment (its key follows). */
export function withRevision(identity: RunIdentity, revision: number): RunIdentity {
  const { experiment_id, variant, params, config_hash, seed } = identity;
  const run_key = runKey({ experiment_id, variant, params, config_hash, seed, ...(revision > 1 ? { revision } : {}) });
  return { ...identity, revision, run_key };
}

/** Each agent's policy hash, in agent order (`run_policies`). */
export function runPolicies(loaded: LoadedScenario): Array<{ agent: string; policy_sha256: string }> {
  return loaded.policies.map((p, i) => ({ agent: loaded.config.agents[i]!.id, policy_sha256: p.hash }));
}

/** Policy documents by content hash (`policies`), each once. */
export function policyRecords(policies: Iterable<ResolvedPolicy>): PolicyRecord[] {
  const out = new Map<string, PolicyRecord>();
  for (const p of policies) {
    if (!out.has(p.hash)) out.set(p.hash, { policy_sha256: p.hash, name: p.name, document_json: JSON.stringify(p.document) });
  }
  return [...out.values()];
}

/**
 * A grid point as `run_params` rows: numbers (and the factor of `{scale: x}`) in value_double;
 * value_text holds strings as they are and anything else as JSON.
 */
export function paramRows(params: Readonly<Record<string, unknown>>): RunParamRow[] {
  return Object.entries(params).map(([path, value]) => {
    const scale = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)['scale'] : undefined;
    const double = typeof value === 'number' ? value : typeof scale === 'number' ? scale : null;
    return { path, value_double: double, value_text: typeof value === 'string' ? value : JSON.stringify(value) };
  });
}

export function runRecord(identity: RunIdentity, outcome: RunOutcome): RunRecord {
  const row: Record<string, string | number | null> = {
    run_key: identity.run_key,
    experiment_id: identity.experiment_id,
    variant: identity.variant,
    params_json: JSON.stringify(identity.params),
    seed: identity.seed,
    status: outcome.status,
    error: outcome.error,
    engine_version: ENGINE_VERSION,
    config_hash: identity.config_hash,
    scenario: identity.scenario,
    started_at: outcome.started_at_ms,
    wall_ms: outcome.wall_ms,
  };
  if (outcome.summary !== null) Object.assign(row, summaryColumns(outcome.summary));
  return {
    row,
    policies: identity.policies,
    context: { revision: identity.revision, scenario_sha256: identity.scenario_sha256 },
    params: paramRows(identity.params),
    tables: outcome.tables,
  };
}
