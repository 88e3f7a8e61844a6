// Run-level liquidity and delay metrics (docs/liquidity.md, docs/store.md `runs`): the system's
// liquidity bounds, the value-weighted delay, the BoF delay indicator and turnover ÷ liquidity.
// Computed once from the finished state; nothing here runs per tick.

import type { AgentDayRecord } from './metrics.js';
import type { SimState } from './state.js';

/** The system's liquidity figures of one day: sums over agents of their agent-day columns. */
export interface DayLiquidity {
  readonly day: number;
  readonly liquidity_upper_bound: number;
  readonly liquidity_lower_bound: number;
  readonly liquidity_used: number;
  readonly unsettled_eod: number;
  readonly unsettled_eod_value: number;
}

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
  /** Per day, in day order (the open day of a run stopped mid-day as it stood). */
  readonly liquidity_by_day: readonly DayLiquidity[];
}

/** Liquidity used per day, summed over the agents' day rows (day → cents). */
export function liquidityUsedByDay(agentDays: readonly AgentDayRecord[]): Map<number, number> {
  const byDay = new Map<number, number>();
  for (const row of agentDays) byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.liquidity_used);
  return byDay;
}

export function runLiquidityMetrics(state: SimState, agentDays: readonly AgentDayRecord[]): RunLiquidityMetrics {
  const days = new Map<number, { -readonly [K in keyof DayLiquidity]: number }>();
  let sent = 0;
  let used = 0;
  for (const row of agentDays) {
    let day = days.get(row.day);
    if (day === undefined) {
      day = { day: row.day, liquidity_upper_bound: 0, liquidity_lower_bound: 0, liquidity_used: 0, unsettled_eod: 0, unsettled_eod_value: 0 };
      days.set(row.day, day);
    }
    day.liquidity_upper_bound += row.liquidity_upper_bound;
    day.liquidity_lower_bound += row.liquidity_lower_bound;
    day.liquidity_used += row.liquidity_used;
    day.unsettled_eod += row.unsettled_eod;
    day.unsettled_eod_value += row.unsettled_eod_value;
    sent += row.sent_value;
    used += row.liquidity_used;
  }
  const byDay = [...days.values()].sort((a, b) => a.day - b.day);
  return {
    liquidity_upper_bound: Math.max(0, ...byDay.map((d) => d.liquidity_upper_bound)),
    liquidity_lower_bound: Math.max(0, ...byDay.map((d) => d.liquidity_lower_bound)),
    ...delayMetrics(state),
    turnover_liquidity_ratio: used === 0 ? null : sent / used,
    liquidity_by_day: byDay,
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
