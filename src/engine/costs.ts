// Step 10: per-tick costs of every agent (engine.md §7). All money is rounded half away from
// zero on the exact product of cents and the decimal rate (see rate.ts).

import { applyRate } from './rate.js';
import type { SimState } from './state.js';

export function chargeTickCosts(state: SimState): void {
  const { overdraftPerTick, collateralPerTick, delayPerTick } = state.rates;
  const delayRate = delayPerTick.value;
  for (let agent = 0; agent < state.numAgents; agent++) {
    const balance = state.balances[agent]!;
    if (balance < 0) state.charge(agent, 'overdraft', applyRate(-balance, overdraftPerTick));
    const posted = state.posted[agent]!;
    if (posted > 0) state.charge(agent, 'collateral', applyRate(posted, collateralPerTick));
    // Delay accrues in Q1 only: waiting in Q2 is the system's doing, not the bank's.
    const held = state.q1Values[agent]!;
    if (held > 0 && delayRate !== 0) {
      state.charge(agent, 'delay', applyRate(held, delayPerTick));
      for (const id of state.q1[agent]!) {
        const tx = state.txs[id]!;
        tx.delayCost += tx.remaining * delayRate;
      }
    }
  }
}
