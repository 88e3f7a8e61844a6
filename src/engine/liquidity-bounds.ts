// Liquidity bounds of a day (docs/liquidity.md), kept as each payment order arrives. They are
// defined on the day's orders in arrival order and do not depend on settlement:
// - upper bound: the largest cumulative net outflow of the agent's orders over the day, from 0 —
//   the liquidity that settles every order on arrival if orders settle in arrival order;
// - lower bound: max(0, net outflow over the whole day) — what the agent needs at the least if the
//   day's orders all settle by the end of the day (e.g. in one multilateral batch).
// Two typed-array updates per order keep the hot path cheap; both reset when a day opens.

import type { DayMetrics } from './metrics.js';

/** Books one arriving payment order into the open day's bound counters. */
export function recordOrderForBounds(day: DayMetrics, sender: number, receiver: number, amount: number): void {
  const net = day.net_order_outflow[sender]! + amount;
  day.net_order_outflow[sender] = net;
  if (net > day.liquidity_upper_bound[sender]!) day.liquidity_upper_bound[sender] = net;
  day.net_order_outflow[receiver]! -= amount;
}

/** The lower bound of the open day so far (its final value when the day closes). */
export function liquidityLowerBound(day: DayMetrics, agent: number): number {
  return Math.max(0, day.net_order_outflow[agent]!);
}
