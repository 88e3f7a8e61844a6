// Run-level liquidity and delay metrics (docs/liquidity.md, docs/store.md `runs`): the system's
// liquidity bounds, the value-weighted delay, the BoF delay indicator and turnover ÷ liquidity.
// Computed once from the finished state; nothing here runs per tick.

import type { AgentDayRecord } from './metrics.js';
import type { SimState } from './state.js';

export interface RunLiquidityMetrics {
  /** Largest over days of Σ agents' upper bound (the liquidity that settles every order on arrival). */
  readonly liquidity_upper_bound: number;
  /** Largest over days of Σ agents' lower bound (max(0, the day's net outflow of orders)). */
  readonly liquidity_lower_bound: number;
  /** Σ amount × (settled_tick − arrival_tick) ÷ Σ amount over settled orders, in ticks; null if none settled. */
  readonly delay_value_weighted: number | null;
  /**
   * Value-weighted delay ÷ the largest possible delay (BoF-PSS2), 0–1: each order's delay is
   * capped at the end of its arrival day, an order not settled by then counts the whole rest of
   * its day; null if no order could be delayed at all.
   */
  readonly delay_indicator: number | null;
  /** Σ agents' sent value ÷ Σ agents' liquidity used, both over all days; null when no liquidity was used. */
  readonly turnover_liquidity_ratio: number | null;
}

export function runLiquidityMetrics(state: SimState, agentDays: readonly AgentDayRecord[]): RunLiquidityMetrics {
  const upper = new Map<number, number>();
  const lower = new Map<number, number>();
  let sent = 0;
  let used = 0;
  for (const row of agentDays) {
    upper.set(row.day, (upper.get(row.day) ?? 0) + row.liquidity_upper_bound);
    lower.set(row.day, (lower.get(row.day) ?? 0) + row.liquidity_lower_bound);
    sent += row.sent_value;
    used += row.liquidity_used;
  }
  const delays = delayMetrics(state);
  return {
    liquidity_upper_bound: Math.max(0, ...upper.values()),
    liquidity_lower_bound: Math.max(0, ...lower.values()),
    ...delays,
    turnover_liquidity_ratio: used === 0 ? null : sent / used,
  };
}

function delayMetrics(state: SimState): Pick<RunLiquidityMetrics, 'delay_value_weighted' | 'delay_indicator'> {
  const tpd = state.ticksPerDay;
  const runEnd = state.tick;
  let settledValue = 0;
  let weightedDelay = 0;
  let cappedDelay = 0;
  let maxDelay = 0;
  for (const tx of state.txs) {
    if (tx.parentId >= 0) continue; // payment orders only: a split parent settles with its last child
    const dayEnd = Math.min(runEnd, (Math.floor(tx.arrivalTick / tpd) + 1) * tpd);
    const largest = dayEnd - tx.arrivalTick;
    const settled = tx.status === 'settled';
    if (settled) {
      const delay = tx.settledTick - tx.arrivalTick;
      settledValue += tx.amount;
      weightedDelay += tx.amount * delay;
      cappedDelay += tx.amount * Math.min(delay, largest);
    } else {
      cappedDelay += tx.amount * largest;
    }
    maxDelay += tx.amount * largest;
  }
  return {
    delay_value_weighted: settledValue === 0 ? null : weightedDelay / settledValue,
    delay_indicator: maxDelay === 0 ? null : cappedDelay / maxDelay,
  };
}
