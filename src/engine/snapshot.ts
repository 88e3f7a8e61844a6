// The state of a simulation between ticks, as plain data: what the API's state and cost views and
// the CLI's per-tick log show. Consumers read this instead of SimState's arrays, so the engine
// keeps the freedom to change how it stores them.

import { COST_KINDS, type CostKind } from './metrics.js';
import type { SimState } from './state.js';
import { liquidityUsedByDay } from './run-metrics.js';

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

/** Queued value from one agent to another (agents by configuration index), in cents. */
export interface PairQueue {
  readonly sender: number;
  readonly receiver: number;
  readonly q1_value: number;
  readonly q2_value: number;
}

/**
 * The queued value between each pair of agents that has any, in both queues: what a network view
 * of gridlock draws. It walks the queued payments only (never the whole payment list), so its
 * cost follows the queues, not the run's length.
 */
export function queuedByPair(state: SimState): PairQueue[] {
  const n = state.numAgents;
  const pairs = new Map<number, { sender: number; receiver: number; q1_value: number; q2_value: number }>();
  const add = (sender: number, receiver: number, value: number, inQ2: boolean): void => {
    const key = sender * n + receiver;
    let pair = pairs.get(key);
    if (pair === undefined) {
      pair = { sender, receiver, q1_value: 0, q2_value: 0 };
      pairs.set(key, pair);
    }
    if (inQ2) pair.q2_value += value;
    else pair.q1_value += value;
  };
  for (const queue of state.q1) {
    for (const id of queue) {
      const tx = state.txs[id]!;
      add(tx.sender, tx.receiver, tx.remaining, false);
    }
  }
  // Q2 keeps settled entries until compaction: only those still queued count.
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status === 'queued_q2') add(tx.sender, tx.receiver, tx.remaining, true);
  }
  return [...pairs.values()].sort((a, b) => a.sender - b.sender || a.receiver - b.receiver);
}

/** Σ agents' liquidity used (engine.md: max(0, opening − lowest balance) of a day), in cents. */
export interface LiquidityUsed {
  /** Of the day now open (0 right after a day closed). */
  readonly today: number;
  /** The largest day so far, closed days and the open one: summary()'s peak_liquidity_used. */
  readonly peak: number;
}

/**
 * The liquidity used per day without building the run summary: the open day from its opening
 * balances and lowest balances, the closed days from their agent-day rows (a walk over the closed
 * days' rows: agents × days so far).
 */
export function liquidityUsed(state: SimState): LiquidityUsed {
  let today = 0;
  for (let agent = 0; agent < state.numAgents; agent++) {
    today += Math.max(0, state.openingBalances[agent]! - state.day.min_balance[agent]!);
  }
  return { today, peak: Math.max(today, ...liquidityUsedByDay(state.agentDays).values()) };
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
