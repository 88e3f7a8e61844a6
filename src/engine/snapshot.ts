// The state of a simulation between ticks, as plain data: what the API's state and cost views and
// the CLI's per-tick log show. Consumers read this instead of SimState's arrays, so the engine
// keeps the freedom to change how it stores them.

import { COST_KINDS, type CostKind } from './metrics.js';
import type { SimState } from './state.js';

export interface AgentSnapshot {
  readonly agent: string;
  readonly balance: number;
  readonly credit_limit: number;
  readonly posted_collateral: number;
  readonly collateral_capacity: number;
  /** balance + credit limit + posted collateral. */
  readonly available_liquidity: number;
  readonly q1_size: number;
  readonly q1_value: number;
  /** The agent's payments waiting in the central queue. */
  readonly q2_size: number;
  readonly q2_value: number;
  /** Costs charged so far, in cents, by kind. */
  readonly costs: Readonly<Record<CostKind, number>>;
}

/** Queue sizes over all agents; cheap enough to take after every tick. */
export interface QueueTotals {
  readonly q1_size: number;
  readonly q2_size: number;
  readonly q2_value: number;
}

export interface StateSnapshot extends QueueTotals {
  /** The next tick to process (= ticks processed so far). */
  readonly tick: number;
  readonly total_ticks: number;
  readonly ticks_per_day: number;
  /** Agents in configuration order. */
  readonly agents: readonly AgentSnapshot[];
}

export function queueTotals(state: SimState): QueueTotals {
  let q1 = 0;
  for (const queue of state.q1) q1 += queue.length;
  return { q1_size: q1, q2_size: state.q2Live, q2_value: state.q2Total };
}

export function snapshot(state: SimState): StateSnapshot {
  const agents = state.ids.map((agent, i): AgentSnapshot => ({
    agent,
    balance: state.balances[i]!,
    credit_limit: state.creditLimits[i]!,
    posted_collateral: state.posted[i]!,
    collateral_capacity: state.capacities[i]!,
    available_liquidity: state.available(i),
    q1_size: state.q1[i]!.length,
    q1_value: state.q1Values[i]!,
    q2_size: state.q2CountsOut[i]!,
    q2_value: state.q2ValuesOut[i]!,
    costs: Object.fromEntries(COST_KINDS.map((kind) => [kind, state.costs[kind][i]!])) as Record<CostKind, number>,
  }));
  return {
    tick: state.tick,
    total_ticks: state.totalTicks,
    ticks_per_day: state.ticksPerDay,
    ...queueTotals(state),
    agents,
  };
}
