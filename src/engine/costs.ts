// Step 10: per-tick costs of every agent (engine.md §7). All money is rounded half away from
// zero on the exact product of cents and the decimal rate (see rate.ts).

import { chargeFacilityInterest } from './central-bank.js';
import { applyRate, applyRateBig, type ExactRate } from './rate.js';
import type { SimState } from './state.js';
import type { Transaction } from './transaction.js';

export function chargeTickCosts(state: SimState): void {
  const { overdraftPerTick, collateralPerTick, delayPerTick } = state.rates;
  const delayRate = delayPerTick.value;
  const { liquidityRate } = state.designs;
  const delayInQ2 = state.designs.delayInQ2 && !backstopTakesQ2(state);
  if (delayInQ2 && delayRate !== 0) attributeQ2Delay(state);
  for (let agent = 0; agent < state.numAgents; agent++) {
    const balance = state.balances[agent]!;
    if (balance < 0) state.charge(agent, 'overdraft', applyRate(-balance, overdraftPerTick));
    const posted = state.posted[agent]!;
    if (posted > 0) state.charge(agent, 'collateral', applyRate(posted, collateralPerTick));
    // Delay accrues in Q1 only: waiting in Q2 is the system's doing, not the bank's — unless
    // delay_cost_in_q2 says that in this game waiting for liquidity is the bank's own choice.
    const held = delayInQ2 ? state.q1Values[agent]! + state.q2ValuesOut[agent]! : state.q1Values[agent]!;
    if (held > 0 && delayRate !== 0) {
      state.charge(agent, 'delay', applyRate(held, delayPerTick));
      for (const id of state.q1[agent]!) holdForDelay(state.txs[id]!);
    }
    // Liquidity brought from a pool costs its bps every tick of the day (engine.md §9b).
    if (liquidityRate !== null) {
      const brought = state.liquidityBrought[agent]!;
      if (brought > 0) state.charge(agent, 'liquidity', applyRate(brought, liquidityRate));
    }
  }
  if (state.cb !== null) chargeFacilityInterest(state, state.cb);
}

/**
 * eod_backstop.replaces_delay on the day's last tick: what waits in Q2 now goes to the backstop
 * (step 11), whose rate is the whole price of an end-of-day shortfall — r_b, not r_b + r_d, in
 * Castro et al. (2025). A payment a sender limit keeps from the backstop pays the end-of-day
 * penalty instead; it too pays no delay for this tick.
 */
function backstopTakesQ2(state: SimState): boolean {
  return state.designs.backstopReplacesDelay && state.tick % state.ticksPerDay === state.ticksPerDay - 1;
}

/** delay_cost_in_q2: each payment waiting in Q2 carries its share of its sender's delay cost. */
function attributeQ2Delay(state: SimState): void {
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status === 'queued_q2') holdForDelay(tx);
  }
}

/**
 * One more tick of waiting: the payment's remaining cents join its cent-ticks. Integers, so the
 * sum is exact; past 2^53 − 1 the excess moves to a bigint, which only payments of hundreds of
 * billions held for thousands of ticks ever reach.
 */
function holdForDelay(tx: Transaction): void {
  if (tx.delayHeld > Number.MAX_SAFE_INTEGER - tx.remaining) {
    tx.delayHeldCarry = (tx.delayHeldCarry ?? 0n) + BigInt(tx.delayHeld);
    tx.delayHeld = 0;
  }
  tx.delayHeld += tx.remaining;
}

/**
 * The delay cost attributed to one payment: round(rate × Σ remaining over the ticks it waited),
 * the exact product rounded once, half away from zero, like every other cost. The agent's own
 * delay cost is rounded tick by tick over its whole queue, so the payments' figures need not add
 * up to it (docs/engine.md).
 */
export function paymentDelayCost(tx: Transaction, rate: ExactRate): number {
  if (tx.delayHeldCarry === null) return applyRate(tx.delayHeld, rate);
  return applyRateBig(tx.delayHeldCarry + BigInt(tx.delayHeld), rate);
}
