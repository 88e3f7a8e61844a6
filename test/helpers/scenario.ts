// Builders for engine configs in tests: only what a test cares about, defaults for the rest.

import {
  type AgentConfig,
  type CostRates,
  DEFAULT_COST_RATES,
  DEFAULT_LSM_CONFIG,
  type EngineConfig,
  type LsmConfig,
  type ScenarioEvent,
} from '../../src/engine/config.js';

export interface AgentSpec extends Partial<AgentConfig> {
  readonly id: string;
}

export function agent(spec: AgentSpec): AgentConfig {
  const credit = spec.credit_limit ?? 0;
  return {
    opening_balance: 0,
    credit_limit: credit,
    posted_collateral: 0,
    collateral_capacity: 10 * credit,
    arrival_config: null,
    ...spec,
  };
}

export interface ConfigSpec {
  readonly agents: readonly AgentSpec[];
  readonly ticksPerDay?: number;
  readonly days?: number;
  readonly seed?: string;
  readonly lsm?: Partial<LsmConfig>;
  readonly costs?: Partial<CostRates>;
  readonly events?: readonly ScenarioEvent[];
  /** Settlement designs and liquidity-game switches (engine.md §9b), off unless given. */
  readonly designs?: Pick<
    Partial<EngineConfig>,
    'rtgs' | 'deferred_crediting' | 'deadline_cap_at_eod' | 'eod_backstop' | 'cb_credit_facility' | 'cb_emergency_rule'
  >;
  readonly resetBalancesDaily?: boolean;
}

/** LSM is off unless a test turns it on: engine-core tests must not depend on it. */
export function config(spec: ConfigSpec): EngineConfig {
  return {
    simulation: {
      ticks_per_day: spec.ticksPerDay ?? 10,
      num_days: spec.days ?? 1,
      rng_seed: spec.seed ?? '1',
      ...(spec.resetBalancesDaily ? { reset_balances_daily: true } : {}),
    },
    agents: spec.agents.map(agent),
    lsm_config: { ...DEFAULT_LSM_CONFIG, enabled: false, ...spec.lsm },
    cost_rates: {
      ...DEFAULT_COST_RATES,
      overdraft_bps_per_tick: 0,
      collateral_bps_per_tick: 0,
      delay_cost_per_tick_per_cent: 0,
      deadline_penalty: 0,
      eod_penalty_per_transaction: 0,
      split_friction_cost: 0,
      ...spec.costs,
    },
    scenario_events: spec.events ?? [],
    ...spec.designs,
  };
}

/** A scripted payment injected at `tick` (scenario event), due `deadline` (absolute tick). */
export function payment(
  tick: number,
  sender: string,
  receiver: string,
  amount: number,
  deadline: number,
  extra: { priority?: number; divisible?: boolean } = {},
): ScenarioEvent {
  return { at_tick: tick, type: 'payment', sender, receiver, amount, deadline_tick: deadline, ...extra };
}
