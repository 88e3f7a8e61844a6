// A validated scenario document → the engine's resolved config, defaults filled in (engine.md §1).
// Runs only after the schema and the semantic checks passed, so shapes are trusted here.

import { copyRecord } from '../input/dictionary.js';
import {
  DEFAULT_COST_RATES,
  DEFAULT_LSM_CONFIG,
  type AgentConfig,
  type AmountDistribution,
  type CbCreditFacilityConfig,
  type CollateralHolding,
  type ArrivalConfig,
  type CostRates,
  type EngineConfig,
  type LsmConfig,
  type LsmSchedule,
  DEFAULT_INITIAL_LIQUIDITY_FRACTION,
  DEFAULT_RTGS_CONFIG,
  type PriorityDistribution,
  type RtgsConfig,
  type ScenarioEvent,
} from '../engine/config.js';
import { COLLATERAL_CAPACITY_FACTOR, DEFAULT_DIVISIBLE, DEFAULT_PRIORITY } from './scenario-schema.js';

/** A scenario document as the schema admits it (before defaults). */
export interface ScenarioDocument {
  simulation: { ticks_per_day: number; num_days: number; rng_seed: number | string; reset_balances_daily?: boolean };
  agents: AgentDocument[];
  lsm_config?: Partial<Omit<LsmConfig, 'schedule'>> & { schedule?: ScheduleDocument };
  cost_rates?: Partial<CostRates>;
  scenario_events?: Array<Record<string, unknown> & { type: string }>;
  rtgs?: Partial<RtgsConfig>;
  deferred_crediting?: boolean;
  deadline_cap_at_eod?: boolean;
  eod_backstop?: { rate_bps: number; replaces_delay?: boolean };
  cb_credit_facility?: {
    rate_bps_per_tick: number;
    overnight_rate_bps?: number;
    collateral?: CollateralHolding[];
    agents?: Record<string, { collateral: CollateralHolding[] }>;
  };
  cb_emergency_rule?: { when_q2_value_above: number; lend_to_top: number; amount: number; rate_bps?: number };
}

/** `lsm_config.schedule` as written: `last` stands for the day's last tick. */
export type ScheduleDocument = { every: number } | { at_ticks: Array<number | 'last'> };

export interface AgentDocument {
  id: string;
  opening_balance: number;
  credit_limit?: number;
  posted_collateral?: number;
  collateral_capacity?: number;
  policy: unknown;
  arrival_config?: {
    rate_per_tick: number;
    amount_distribution: AmountDistribution;
    counterparty_weights?: Record<string, number>;
    deadline_range: [number, number];
    priority?: number | PriorityDistribution;
    divisible?: boolean;
  };
  liquidity_pool?: number;
  initial_liquidity_fraction?: number;
  bilateral_limits?: Record<string, number>;
  multilateral_limit?: number;
}

export function buildEngineConfig(doc: ScenarioDocument): EngineConfig {
  return {
    simulation: {
      ticks_per_day: doc.simulation.ticks_per_day,
      num_days: doc.simulation.num_days,
      // Decimal string: seeds reach 2^64 − 1, beyond exact JS numbers; "007" becomes "7".
      rng_seed: BigInt(doc.simulation.rng_seed).toString(),
      ...(doc.simulation.reset_balances_daily === true ? { reset_balances_daily: true } : {}),
    },
    agents: doc.agents.map(buildAgent),
    lsm_config: buildLsmConfig(doc),
    cost_rates: buildCostRates(doc.cost_rates),
    scenario_events: (doc.scenario_events ?? []).map(buildEvent),
    ...buildDesigns(doc),
  };
}

/** `at_ticks: [last]` becomes the day's last tick, so the engine (and the config hash) sees ticks only. */
function buildLsmConfig(doc: ScenarioDocument): LsmConfig {
  const { schedule, ...rest } = doc.lsm_config ?? {};
  const last = doc.simulation.ticks_per_day - 1;
  const resolved: LsmSchedule | undefined =
    schedule === undefined || 'every' in schedule ? schedule : { at_ticks: [...new Set(schedule.at_ticks.map((t) => (t === 'last' ? last : t)))] };
  return { ...DEFAULT_LSM_CONFIG, ...rest, ...(resolved !== undefined ? { schedule: resolved } : {}) };
}

// The settlement designs and liquidity games (engine.md §9b) enter the resolved config only when
// they differ from their defaults (off): a scenario that leaves them off — or writes their
// defaults out — has the same config hash, and so the same run keys, as before they existed.

function buildCostRates(given: Partial<CostRates> | undefined): CostRates {
  const { liquidity_cost_per_tick_bps: liquidity, delay_cost_in_q2: inQ2, ...rest } = given ?? {};
  return {
    ...DEFAULT_COST_RATES,
    ...rest,
    ...(liquidity !== undefined && liquidity !== 0 ? { liquidity_cost_per_tick_bps: liquidity } : {}),
    ...(inQ2 === true ? { delay_cost_in_q2: true } : {}),
  };
}

function buildDesigns(doc: ScenarioDocument): Partial<EngineConfig> {
  const rtgs = Object.fromEntries(
    Object.entries(doc.rtgs ?? {}).filter(([key, value]) => DEFAULT_RTGS_CONFIG[key as keyof RtgsConfig] !== value),
  ) as Partial<RtgsConfig>;
  return {
    ...(Object.keys(rtgs).length > 0 ? { rtgs } : {}),
    ...(doc.deferred_crediting === true ? { deferred_crediting: true } : {}),
    ...(doc.deadline_cap_at_eod === true ? { deadline_cap_at_eod: true } : {}),
    ...(doc.eod_backstop !== undefined ? { eod_backstop: buildBackstop(doc.eod_backstop) } : {}),
    ...(doc.cb_credit_facility !== undefined ? { cb_credit_facility: buildFacility(doc.cb_credit_facility) } : {}),
    ...(doc.cb_emergency_rule !== undefined ? { cb_emergency_rule: { rate_bps: 0, ...doc.cb_emergency_rule } } : {}),
  };
}

/** The facility with its defaults: no collateral unless listed; the overnight rate only when not 0. */
function buildFacility(facility: NonNullable<ScenarioDocument['cb_credit_facility']>): CbCreditFacilityConfig {
  const copy = (list: readonly CollateralHolding[]): CollateralHolding[] => list.map((h) => ({ class: h.class, value: h.value, haircut: h.haircut }));
  const agents = facility.agents ?? {};
  return {
    rate_bps_per_tick: facility.rate_bps_per_tick,
    ...(facility.overnight_rate_bps !== undefined && facility.overnight_rate_bps !== 0 ? { overnight_rate_bps: facility.overnight_rate_bps } : {}),
    collateral: copy(facility.collateral ?? []),
    ...(Object.keys(agents).length > 0
      ? { agents: Object.fromEntries(Object.entries(agents).map(([id, a]) => [id, { collateral: copy(a.collateral) }])) }
      : {}),
  };
}

/** `replaces_delay` enters the resolved config only when true (its default false keeps the hash). */
function buildBackstop(backstop: { rate_bps: number; replaces_delay?: boolean }): NonNullable<EngineConfig['eod_backstop']> {
  return { rate_bps: backstop.rate_bps, ...(backstop.replaces_delay === true ? { replaces_delay: true as const } : {}) };
}

function buildAgentDesigns(agent: AgentDocument): Partial<AgentConfig> {
  const pool = agent.liquidity_pool ?? 0;
  const fraction = agent.initial_liquidity_fraction ?? DEFAULT_INITIAL_LIQUIDITY_FRACTION;
  const limits = agent.bilateral_limits;
  return {
    ...(pool !== 0 ? { liquidity_pool: pool } : {}),
    ...(fraction !== DEFAULT_INITIAL_LIQUIDITY_FRACTION ? { initial_liquidity_fraction: fraction } : {}),
    ...(limits !== undefined && Object.keys(limits).length > 0 ? { bilateral_limits: { ...limits } } : {}),
    ...(agent.multilateral_limit !== undefined ? { multilateral_limit: agent.multilateral_limit } : {}),
  };
}

function buildAgent(agent: AgentDocument): AgentConfig {
  const creditLimit = agent.credit_limit ?? 0;
  return {
    id: agent.id,
    opening_balance: agent.opening_balance,
    credit_limit: creditLimit,
    posted_collateral: agent.posted_collateral ?? 0,
    collateral_capacity: agent.collateral_capacity ?? COLLATERAL_CAPACITY_FACTOR * creditLimit,
    arrival_config: agent.arrival_config === undefined ? null : buildArrivals(agent.arrival_config),
    ...buildAgentDesigns(agent),
  };
}

function buildArrivals(arrivals: NonNullable<AgentDocument['arrival_config']>): ArrivalConfig {
  const weights = arrivals.counterparty_weights;
  return {
    rate_per_tick: arrivals.rate_per_tick,
    amount_distribution: { ...arrivals.amount_distribution },
    // Empty or absent both mean "uniform" (engine.md §1).
    counterparty_weights: weights === undefined || Object.keys(weights).length === 0 ? null : copyRecord(weights),
    deadline_range: [arrivals.deadline_range[0], arrivals.deadline_range[1]],
    priority: buildPriority(arrivals.priority),
    divisible: arrivals.divisible ?? DEFAULT_DIVISIBLE,
  };
}

function buildPriority(priority: number | PriorityDistribution | undefined): number | PriorityDistribution {
  if (priority === undefined) return DEFAULT_PRIORITY;
  if (typeof priority === 'number') return priority;
  return { type: 'Categorical', values: [...priority.values], weights: [...priority.weights] };
}

/** Copies the event; a payment event gets the arrival defaults for priority and divisible. */
function buildEvent(event: Record<string, unknown> & { type: string }): ScenarioEvent {
  const copy: Record<string, unknown> = structuredClone(event);
  if (event.type === 'payment') {
    copy['priority'] ??= DEFAULT_PRIORITY;
    copy['divisible'] ??= DEFAULT_DIVISIBLE;
  }
  // reject_incoming: false is the default: left out, so writing it out keeps the config hash.
  if (event.type === 'participant_failure' && copy['reject_incoming'] === false) delete copy['reject_incoming'];
  // The schema (one branch per type, schedule checked semantically) guarantees this shape.
  return copy as unknown as ScenarioEvent;
}
