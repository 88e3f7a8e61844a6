// A finished run as the store takes it: the `runs` row from the spec's identity and the outcome's
// summary, the run's policies, and the worker's Arrow tables as they came.

import { ENGINE_VERSION } from '../engine/version.js';
import type { RunRecord } from '../store/writer.js';
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
  const s = outcome.summary;
  if (s !== null) {
    Object.assign(row, {
      ticks: s.ticks,
      days: s.days,
      num_agents: s.num_agents,
      arrivals: s.arrivals,
      arrived_value: s.arrived_value,
      settled: s.settled,
      settled_value: s.settled_value,
      dropped: s.dropped,
      dropped_value: s.dropped_value,
      unsettled: s.unsettled,
      unsettled_value: s.unsettled_value,
      unsettled_q1: s.unsettled_q1,
      unsettled_q2: s.unsettled_q2,
      settlement_rate: s.settlement_rate,
      settlement_rate_value: s.settlement_rate_value,
      settled_rtgs: s.settled_by.rtgs,
      settled_queue: s.settled_by.queue,
      settled_bilateral: s.settled_by.bilateral,
      settled_cycle: s.settled_by.cycle,
      settled_multilateral: s.settled_by.multilateral,
      delay_mean: s.delay_mean,
      delay_p50: s.delay_p50,
      delay_p95: s.delay_p95,
      delay_max: s.delay_max,
      peak_liquidity_used: s.peak_liquidity_used,
      cost_overdraft: s.costs.overdraft,
      cost_collateral: s.costs.collateral,
      cost_delay: s.costs.delay,
      cost_split: s.costs.split,
      cost_deadline: s.costs.deadline,
      cost_eod: s.costs.eod,
      total_cost: s.total_cost,
    });
  }
  return { row, policies: identity.policies, tables: outcome.tables };
}
