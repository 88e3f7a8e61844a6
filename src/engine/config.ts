// The engine's view of a scenario: fully resolved, defaults filled in, ids turned into indices.
// src/config builds this from a validated scenario document; the engine never parses files.

import type { PolicyCostRates } from '../policy/decision.js';
import type { ScheduledPayments } from './scheduled-payments.js';

/** Amount distributions of engine.md §1; amounts are integer cents. */
export type AmountDistribution =
  | { readonly type: 'Uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'Normal'; readonly mean: number; readonly std_dev: number }
  | { readonly type: 'LogNormal'; readonly mean_log: number; readonly std_dev_log: number }
  | { readonly type: 'Exponential'; readonly lambda: number };

export interface ArrivalConfig {
  readonly rate_per_tick: number;
  readonly amount_distribution: AmountDistribution;
  /** Weight per receiver, keyed by agent id (absent ids weigh 0); null = uniform over the other agents. */
  readonly counterparty_weights: Readonly<Record<string, number>> | null;
  readonly deadline_range: readonly [number, number];
  readonly priority: number;
  readonly divisible: boolean;
}

export interface AgentConfig {
  readonly id: string;
  readonly opening_balance: number;
  readonly credit_limit: number;
  readonly posted_collateral: number;
  readonly collateral_capacity: number;
  readonly arrival_config: ArrivalConfig | null;
}

export type LsmAlgorithm = 'pairs_and_cycles' | 'multilateral' | 'multilateral_then_pairs';

export interface LsmConfig {
  readonly enabled: boolean;
  readonly bilateral_offsetting: boolean;
  readonly cycle_detection: boolean;
  readonly max_cycle_length: number;
  readonly max_cycles_per_tick: number;
  readonly max_cycle_search_steps: number;
  readonly max_iterations: number;
  readonly algorithm: LsmAlgorithm;
}

/** The rates of engine.md §7; the ones a policy reads are the contract's (policy/decision.ts). */
export type CostRates = PolicyCostRates;

/** When a scenario event fires: once, or every `interval` ticks from `start` up to `until` inclusive. */
export type EventSchedule =
  | { readonly at_tick: number }
  | { readonly every: { readonly start: number; readonly interval: number; readonly until: number } };

/** Scenario events of engine.md §9. Agent references are ids (validated to exist). */
export type ScenarioEventBody =
  | { readonly type: 'outage'; readonly agent: string; readonly duration: number }
  | { readonly type: 'rtgs_outage'; readonly duration: number }
  | { readonly type: 'lsm_off'; readonly duration: number }
  | {
      readonly type: 'liquidity_shock';
      readonly agent: string;
      readonly balance_change?: number;
      readonly credit_limit_change?: number;
    }
  | { readonly type: 'arrival_rate'; readonly agent?: string; readonly multiplier: number }
  | {
      readonly type: 'payment';
      readonly sender: string;
      readonly receiver: string;
      readonly amount: number;
      readonly deadline_tick?: number;
      readonly deadline_offset?: number;
      readonly priority?: number;
      readonly divisible?: boolean;
    }
  | {
      readonly type: 'counterparty_weights';
      readonly agent: string;
      readonly weights: Readonly<Record<string, number>>;
    };

export type ScenarioEvent = EventSchedule & ScenarioEventBody;

export interface SimulationConfig {
  readonly ticks_per_day: number;
  readonly num_days: number;
  /** u64 seed as a decimal string (seeds may exceed 2^53). */
  readonly rng_seed: string;
}

/** A resolved scenario: what the engine needs besides the compiled policies. */
export interface EngineConfig {
  readonly simulation: SimulationConfig;
  /** Agents in configuration order; the index in this array is the agent's index everywhere. */
  readonly agents: readonly AgentConfig[];
  readonly lsm_config: LsmConfig;
  readonly cost_rates: CostRates;
  readonly scenario_events: readonly ScenarioEvent[];
  /** Payment orders from the scenario's payment file (absent or null: none). */
  readonly scheduled_payments?: ScheduledPayments | null;
}

/** Priority of a payment that does not say (engine.md §1): the middle of 0..10. */
export const DEFAULT_PRIORITY = 5;
export const DEFAULT_DIVISIBLE = false;

export const DEFAULT_LSM_CONFIG: LsmConfig = {
  enabled: true,
  bilateral_offsetting: true,
  cycle_detection: true,
  max_cycle_length: 4,
  max_cycles_per_tick: 10,
  max_cycle_search_steps: 20_000,
  max_iterations: 3,
  algorithm: 'pairs_and_cycles',
};

export const DEFAULT_COST_RATES: CostRates = {
  overdraft_bps_per_tick: 10,
  collateral_bps_per_tick: 2,
  delay_cost_per_tick_per_cent: 0.0001,
  deadline_penalty: 50_000,
  eod_penalty_per_transaction: 10_000,
  split_friction_cost: 1_000,
};
