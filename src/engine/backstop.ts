// The end-of-day backstop (`eod_backstop: {rate_bps}`, engine.md §9b): on the last tick of a day,
// before end-of-day penalties are counted, every payment still in Q2 settles — in Q2 order — by
// central-bank lending to its sender, whose balance may then go below its credit limit. Each costs
// its sender round(amount × rate_bps / 10 000) once (cost kind `backstop`; settled_by `backstop`).
// Payments to a participant in default stay in Q2 (engine/failures.ts).
// Sender limits still hold (a limit is the participant's own control): a payment they block stays
// in Q2 and pays the end-of-day penalty (event limit_blocked, stage `backstop`).

import { applyRate } from './rate.js';
import { compactQ2, settle, withinLimits } from './settlement.js';
import type { SimState } from './state.js';

export function runBackstop(state: SimState): void {
  const rate = state.designs.backstopRate;
  if (rate === null || state.q2Live === 0) return;
  const failures = state.failures;
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status !== 'queued_q2') continue;
    // The central bank does not lend into a defaulted participant (docs/engine.md, "Participant failures").
    if (failures !== null && failures.inDefault(tx.receiver, state.tick)) continue;
    if (!withinLimits(state, tx, 'backstop')) continue;
    const cost = applyRate(tx.remaining, rate);
    settle(state, tx, 'backstop');
    tx.backstopCost += cost;
    state.charge(tx.sender, 'backstop', cost);
  }
  compactQ2(state);
}
