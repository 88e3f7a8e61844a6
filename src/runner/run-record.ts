// A finished run as the store takes it: the `runs` row from the spec's identity and the outcome's
// summary, the run's policies, and the worker's Arrow tables as they came.

import { ENGINE_VERSION } from '../engine/version.js';
import type { RunRecord } from '../store/writer.js';
import { summaryColumns } from '../store/runs-columns.js';
import type { RunOutcome } from './run-spec.js';

/** What the coordinator knows about a run before it ran. */
export interface RunIdentity {
  readonly run_key: string;
  readonly experiment_id: string;
  readonly variant: string;
  /** The grid point: vary path → value (`{scale: x}` for multipliers). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly seed: string;
  readonly config_hash: string;
  readonly scenario: string;
  readonly policies: ReadonlyArray<{ readonly agent: string; readonly policy_sha256: string }>;
}

/**
 * `_replace` is accepted for callers written against the first version and ignored: a stored run
 * that is to be replaced is now removed up front with `deleteRuns` (store/writer.ts).
 */
export function runRecord(identity: RunIdentity, outcome: RunOutcome, _replace?: boolean): RunRecord {
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
  return { row, policies: identity.policies, tables: outcome.tables };
}
