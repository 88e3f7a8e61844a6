// A validated scenario document → the engine's resolved config, defaults filled in (engine.md §1).
// Runs only after the schema and the semantic checks passed, so shapes are trusted here.

import {
  DEFAULT_COST_RATES,
  DEFAULT_LSM_CONFIG,
  type AgentConfig,
  type AmountDistribution,
  type ArrivalConfig,
  type CostRates,
  type EngineConfig,
  type LsmConfig,
  type ScenarioEvent,
} from '../engine/config.js';
import { COLLATERAL_CAPACITY_FACTOR, DEFAULT_DIVISIBLE, DEFAULT_PRIORITY } from './scenario-schema.js';

/** A scenario document as the schema admits it (before defaults). */
export interface ScenarioDocument {
  simulation: { ticks_per_day: number; num_days: number; rng_seed: number | string };
  agents: AgentDocument[];
  lsm_config?: Partial<LsmConfig>;
  cost_rates?: Partial<CostRates>;
  scenario_events?: Array<Record<string, unknown> & { type: string }>;
}

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
    priority?: number;
    divisible?: boolean;
  };
}

export function buildEngineConfig(doc: ScenarioDocument): EngineConfig {
  return {
    simulation: {
      ticks_per_day: doc.simulation.ticks_per_day,
      num_days: doc.simulation.num_days,
      // Decimal string: seeds reach 2^64 − 1, beyond exact JS numbers; "007" becomes "7".
      rng_seed: BigInt(doc.simulation.rng_seed).toString(),
    },
    agents: doc.agents.map(buildAgent),
    lsm_config: { ...DEFAULT_LSM_CONFIG, ...doc.lsm_config },
    cost_rates: { ...DEFAULT_COST_RATES, ...doc.cost_rates },
    scenario_events: (doc.scenario_events ?? []).map(buildEvent),
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
  };
}

function buildArrivals(arrivals: NonNullable<AgentDocument['arrival_config']>): ArrivalConfig {
  const weights = arrivals.counterparty_weights;
  return {
    rate_per_tick: arrivals.rate_per_tick,
    amount_distribution: { ...arrivals.amount_distribution },
    // Empty or absent both mean "uniform" (engine.md §1).
    counterparty_weights: weights === undefined || Object.keys(weights).length === 0 ? null : { ...weights },
    deadline_range: [arrivals.deadline_range[0], arrivals.deadline_range[1]],
    priority: arrivals.priority ?? DEFAULT_PRIORITY,
    divisible: arrivals.divisible ?? DEFAULT_DIVISIBLE,
  };
}

/** Copies the event; a payment event gets the arrival defaults for priority and divisible. */
function buildEvent(event: Record<string, unknown> & { type: string }): ScenarioEvent {
  const copy: Record<string, unknown> = structuredClone(event);
  if (event.type === 'payment') {
    copy['priority'] ??= DEFAULT_PRIORITY;
    copy['divisible'] ??= DEFAULT_DIVISIBLE;
  }
  // The schema (one branch per type, schedule checked semantically) guarantees this shape.
  return copy as unknown as ScenarioEvent;
}
