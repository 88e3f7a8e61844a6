// The engine's view of a scenario: fully resolved, defaults filled in, ids turned into indices.
// src/config builds this from a validated scenario document; the engine never parses files.

import type { PolicyCostRates } from '../policy/decision.js';
import type { ScheduledPayments } from './payment-schedule.js';

/** Amount distributions of engine.md §1; amounts are integer cents. */
export type AmountDistribution =
  | { readonly type: 'Uniform'; readonly min: number; readonly max: number }
  | { readonly type: 'Normal'; readonly mean: number; readonly std_dev: number }
  | { readonly type: 'LogNormal'; readonly mean_log: number; readonly std_dev_log: number }
  | { readonly type: 'Exponential'; readonly lambda: number };

/**
 * A categorical distribution of priorities (engine.md §3 extension): `values[i]` with probability
 * weights[i] / Σ weights. Drawn from the run's second random stream, never the arrival stream.
 */
export interface PriorityDistribution {
  readonly type: 'Categorical';
  readonly values: readonly number[];
  readonly weights: readonly number[];
}

export interface ArrivalConfig {
  readonly rate_per_tick: number;
  readonly amount_distribution: AmountDistribution;
  /** Weight per receiver, keyed by agent id (absent ids weigh 0); null = uniform over the other agents. */
  readonly counterparty_weights: Readonly<Record<string, number>> | null;
  readonly deadline_range: readonly [number, number];
  /** A fixed priority, or a distribution drawn per arrival from the priority stream. */
  readonly priority: number | PriorityDistribution;
  readonly divisible: boolean;
}

export interface AgentConfig {
  readonly id: string;
  readonly opening_balance: number;
  readonly credit_limit: number;
  readonly posted_collateral: number;
  readonly collateral_capacity: number;
  readonly arrival_config: ArrivalConfig | null;
  /** Liquidity pool of §9b (cents); absent = none. */
  readonly liquidity_pool?: number;
  /** Share of the pool brought in at the start of each day, 0..1 (default 1). */
  readonly initial_liquidity_fraction?: number;
  /** Net send limit towards each counterparty id (cents); counterparties not listed are unlimited. */
  readonly bilateral_limits?: Readonly<Record<string, number>>;
  /** Net send limit towards all participants together (cents); absent = unlimited. */
  readonly multilateral_limit?: number;
}

/** The LSM algorithms (engine.md §6), once: the type, the scenario schema and the frontier's settings read it. */
export const LSM_ALGORITHMS = ['pairs_and_cycles', 'multilateral', 'multilateral_then_pairs'] as const;
export type LsmAlgorithm = (typeof LSM_ALGORITHMS)[number];

export interface LsmConfig {
  readonly enabled: boolean;
  readonly bilateral_offsetting: boolean;
  readonly cycle_detection: boolean;
  readonly max_cycle_length: number;
  readonly max_cycles_per_tick: number;
  readonly max_cycle_search_steps: number;
  readonly max_iterations: number;
  readonly algorithm: LsmAlgorithm;
  /** When the LSM runs; absent = every tick. Ticks are ticks of the day (tick mod ticks_per_day). */
  readonly schedule?: LsmSchedule;
}

export type LsmSchedule = { readonly every: number } | { readonly at_ticks: readonly number[] };

/**
 * The rates of engine.md §7 — the ones a policy reads are the contract's (policy/decision.ts) —
 * and the liquidity-game rates of §9b, which policies do not read.
 */
export interface CostRates extends PolicyCostRates {
  /** Basis points of the liquidity brought from a pool, charged per tick (§9b). */
  readonly liquidity_cost_per_tick_bps?: number;
  /** Delay cost also accrues on the agent's payments waiting in Q2 (§9b). */
  readonly delay_cost_in_q2?: boolean;
}

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
    }
  | ParticipantFailureEvent
  | EmergencyInjectionEvent;

/**
 * The central bank lends `amount` cents to the agent at the event's tick (docs/engine.md, "The
 * central bank's response"): credited to its balance, counted in the central bank's exposure,
 * repaid at the end of the day from what the agent holds. Its price: `rate_bps` of the amount,
 * once (cost kind `cb_credit`; absent: 0).
 */
export interface EmergencyInjectionEvent {
  readonly type: 'emergency_injection';
  readonly agent: string;
  readonly amount: number;
  readonly rate_bps?: number;
}

/** How a failed participant fails (docs/engine.md, "Participant failures"). */
export const FAILURE_MODES = ['operational', 'default', 'partial'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/**
 * A participant fails at the event's tick (engine/failures.ts): `operational` releases nothing,
 * `partial` releases only `share` of its orders by value — both for `duration` ticks or, without
 * it, to the end of the day — and `default` pays nothing more for the rest of the run. Each keeps
 * receiving. `announce_after` ticks after the failure it becomes public (absent: never);
 * `reject_incoming` (default only) rejects payments addressed to it from then on.
 */
export interface ParticipantFailureEvent {
  readonly type: 'participant_failure';
  readonly agent: string;
  readonly mode: FailureMode;
  readonly duration?: number;
  readonly share?: number;
  readonly announce_after?: number;
  readonly reject_incoming?: boolean;
}

export type ScenarioEvent = EventSchedule & ScenarioEventBody;

export interface SimulationConfig {
  readonly ticks_per_day: number;
  readonly num_days: number;
  /** u64 seed as a decimal string (seeds may exceed 2^53). */
  readonly rng_seed: string;
  /** Each day opens at the configured opening balance, the difference booked from outside (§9b). */
  readonly reset_balances_daily?: boolean;
}

/** RTGS queue discipline: `bypass` retries every queued payment; `fifo` lets a sender's oldest block its later ones. */
export type QueueDiscipline = 'bypass' | 'fifo';

/** How the central queue and RTGS entry behave (settlement designs). */
export interface RtgsConfig {
  readonly queue: QueueDiscipline;
  /** Serve Q2 band by band: urgent (8–10), normal (4–7), low (0–3). */
  readonly priority_bands: boolean;
  /** A payment that cannot settle at entry settles together with queued payments the other way when the pair can. */
  readonly entry_offsetting: boolean;
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
  // Settlement designs and liquidity games (engine.md §9b). Each is absent when off, so that a
  // scenario without them keeps its config hash; the engine resolves them once (designs.ts).
  readonly rtgs?: Partial<RtgsConfig>;
  /** Incoming settlements credit the receiver at the end of the tick (§9b). */
  readonly deferred_crediting?: boolean;
  /** Deadlines never extend past the end of the arrival day (§9b). */
  readonly deadline_cap_at_eod?: boolean;
  /**
   * End-of-day central-bank backstop for what is left in Q2 (§9b). `replaces_delay` (present only
   * when true): on a day's last tick, payments waiting in Q2 pay no delay cost, so a shortfall the
   * backstop settles costs its rate alone (docs/engine.md).
   */
  readonly eod_backstop?: { readonly rate_bps: number; readonly replaces_delay?: true };
  // The central bank's response (docs/engine.md): absent when off, like the designs above.
  readonly cb_credit_facility?: CbCreditFacilityConfig;
  readonly cb_emergency_rule?: CbEmergencyRule;
}

/** A holding of collateral pledged to the central bank: its market value (cents) and the haircut (0..1) taken off it. */
export interface CollateralHolding {
  readonly class: string;
  readonly value: number;
  readonly haircut: number;
}

/**
 * The central bank's intraday credit facility (docs/engine.md, "The central bank's response"):
 * each agent can borrow up to the haircut value of its pledged collateral, floor(Σ value × (1 −
 * haircut)). Drawn on demand in the Q2 passes, by exactly a payment's shortfall; repaid at the end
 * of the day from the balance; the rest stays outstanding overnight.
 */
export interface CbCreditFacilityConfig {
  /** Basis points of the amount drawn and outstanding, charged every tick (cost kind `cb_credit`). */
  readonly rate_bps_per_tick: number;
  /** Basis points of what is left outstanding after the end-of-day repayment, charged once per day (present only when ≠ 0). */
  readonly overnight_rate_bps?: number;
  /** Every agent's collateral, unless `agents` names it. */
  readonly collateral: readonly CollateralHolding[];
  /** Agents whose collateral differs: agent id → its holdings (replacing the default list). */
  readonly agents?: Readonly<Record<string, { readonly collateral: readonly CollateralHolding[] }>>;
}

/**
 * The central bank's emergency rule: on a tick when the value queued in Q2 exceeds
 * `when_q2_value_above` (after the Q2 pass), it lends `amount` to each of the `lend_to_top` agents
 * with the largest value queued in Q2, at most once a day; priced like an injection event.
 */
export interface CbEmergencyRule {
  readonly when_q2_value_above: number;
  readonly lend_to_top: number;
  readonly amount: number;
  readonly rate_bps: number;
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

export const DEFAULT_RTGS_CONFIG: RtgsConfig = { queue: 'bypass', priority_bands: false, entry_offsetting: false };

export const DEFAULT_COST_RATES: CostRates = {
  overdraft_bps_per_tick: 10,
  collateral_bps_per_tick: 2,
  delay_cost_per_tick_per_cent: 0.0001,
  deadline_penalty: 50_000,
  eod_penalty_per_transaction: 10_000,
  split_friction_cost: 1_000,
};

export const DEFAULT_INITIAL_LIQUIDITY_FRACTION = 1;
