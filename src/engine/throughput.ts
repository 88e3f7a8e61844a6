// The intraday throughput curve (docs/liquidity.md): for each day and tick of the day, how much
// of the day's arrived value had arrived and had settled by the end of that tick. Settlements
// count for the day their order arrived on, and only while that day lasts; split children count
// their own amounts when they settle.

import type { SimState } from './state.js';

export interface ThroughputRecord {
  readonly day: number;
  /** Tick of the day, 0-based. */
  readonly tick: number;
  /** Cumulative value of the day's payment orders arrived by the end of this tick, in cents. */
  readonly arrived_value: number;
  /** Cumulative value of the day's orders settled by the end of this tick, in cents. */
  readonly settled_value: number;
  /** settled_value ÷ the whole day's arrived value; null on a day without arrivals. */
  readonly settled_share: number | null;
}

export function throughputCurve(state: SimState): ThroughputRecord[] {
  const tpd = state.ticksPerDay;
  const ticks = state.tick;
  const arrived = new Float64Array(ticks);
  const settled = new Float64Array(ticks);
  for (const tx of state.txs) {
    if (tx.parentId < 0 && tx.arrivalTick < ticks) arrived[tx.arrivalTick]! += tx.amount;
    if (tx.status !== 'settled' || tx.children !== null) continue;
    const dayEnd = (Math.floor(tx.arrivalTick / tpd) + 1) * tpd;
    if (tx.settledTick < dayEnd && tx.settledTick < ticks) settled[tx.settledTick]! += tx.amount;
  }
  const rows: ThroughputRecord[] = [];
  for (let start = 0; start < ticks; start += tpd) {
    const end = Math.min(ticks, start + tpd);
    let dayTotal = 0;
    for (let t = start; t < end; t++) dayTotal += arrived[t]!;
    let arrivedSoFar = 0;
    let settledSoFar = 0;
    for (let t = start; t < end; t++) {
      arrivedSoFar += arrived[t]!;
      settledSoFar += settled[t]!;
      rows.push({
        day: start / tpd,
        tick: t - start,
        arrived_value: arrivedSoFar,
        settled_value: settledSoFar,
        settled_share: dayTotal === 0 ? null : settledSoFar / dayTotal,
      });
    }
  }
  return rows;
}
