// The central bank's response (docs/engine.md, "The central bank's response"): the intraday
// credit facility — drawn in the Q2 passes by exactly a payment's shortfall, up to the haircut
// value of the agent's collateral, charged per tick, repaid at the end of the day from the
// balance — and emergency loans, by scenario event or by rule. Every loan credits the agent's
// balance and is owed until repaid: the central bank's exposure is what is owed, and
// Σ balances = Σ opening balances + money booked from outside + Σ exposure at all times.
//
// Its state is plain data in central-bank-state.ts; this module holds the rules.

import { CentralBank } from './central-bank-state.js';
import { applyRate, type ExactRate, exactRate } from './rate.js';
import type { SimState } from './state.js';
import type { Transaction } from './transaction.js';

/** The run's central-bank state, created when first needed (an injection in a run without a facility). */
export function centralBankOf(state: SimState): CentralBank {
  return (state.cb ??= new CentralBank(state.config));
}

/** Who asked for an emergency loan: a scenario event (or the API), or the emergency rule. */
export type InjectionSource = 'event' | 'rule';

/**
 * A Q2 payment its sender cannot pay from balance + credit limit + posted collateral: the facility
 * lends exactly the shortfall when the sender's remaining capacity covers it (never part of it: a
 * loan that does not let the payment settle would only cost). Not for a payment to a participant
 * in default (the central bank does not fund the liquidity sink, as with the backstop). The caller
 * has checked the sender limits; on true the payment is affordable and the caller settles it.
 */
export function drawForPayment(state: SimState, cb: CentralBank, tx: Transaction): boolean {
  const sender = tx.sender;
  const shortfall = tx.remaining - state.available(sender);
  if (shortfall <= 0) return true;
  if (shortfall > cb.headroom(sender)) return false;
  const failures = state.failures;
  if (failures !== null && failures.inDefault(tx.receiver, state.tick)) return false;
  lend(state, cb, sender, shortfall, cb.drawn);
  state.day.cb_drawn[sender]! += shortfall;
  if (state.recordingEvents) {
    state.emit('cb_draw', sender, tx.id, { amount: shortfall, drawn: cb.drawn[sender]!, capacity: cb.capacity[sender]! });
  }
  return true;
}

/**
 * An emergency loan of `amount` to `agent`, credited now; its fee, round(amount × rate), is charged
 * at once (cost kind `cb_credit`).
 */
export function injectEmergency(state: SimState, agent: number, amount: number, rate: ExactRate | null, source: InjectionSource): void {
  const cb = centralBankOf(state);
  lend(state, cb, agent, amount, cb.injected);
  state.day.cb_injected[agent]! += amount;
  const balance = state.balances[agent]!;
  if (balance > state.day.max_balance[agent]!) state.day.max_balance[agent] = balance;
  const fee = rate === null ? 0 : applyRate(amount, rate);
  state.charge(agent, 'cb_credit', fee);
  if (state.recordingEvents) state.emit('cb_injection', agent, null, { amount, fee, source, exposure: cb.exposure(agent) });
}

/** `emergency_injection` scenario event (step 1). */
export function injectByEvent(state: SimState, agent: number, amount: number, rateBps: number | undefined): void {
  injectEmergency(state, agent, amount, rateBps === undefined || rateBps === 0 ? null : exactRate(rateBps, 10_000), 'event');
}

/**
 * The emergency rule, after the Q2 pass (step 7): when Q2's value exceeds the threshold and the
 * rule has not lent today, it lends its amount to each of the `lend_to_top` agents with the largest
 * value of their own payments in Q2 (ties in id order; agents with nothing queued or in default are
 * passed over). Returns whether it lent, so the caller runs another Q2 pass with the money.
 */
export function applyEmergencyRule(state: SimState): boolean {
  const cb = state.cb;
  const rule = cb === null ? null : cb.rule;
  if (cb === null || rule === null || !(state.q2Total > rule.when_q2_value_above)) return false;
  const day = Math.floor(state.tick / state.ticksPerDay);
  if (cb.ruleDay === day) return false;
  const failures = state.failures;
  const chosen: number[] = [];
  for (const agent of state.idOrder) {
    const queued = state.q2ValuesOut[agent]!;
    if (queued <= 0 || (failures !== null && failures.inDefault(agent, state.tick))) continue;
    // Insertion into a list kept in descending order of queued value; id order breaks ties
    // because agents come in id order and an equal value goes after the ones already there.
    let at = chosen.length;
    while (at > 0 && state.q2ValuesOut[chosen[at - 1]!]! < queued) at--;
    if (at < rule.lend_to_top) chosen.splice(at, 0, agent);
    if (chosen.length > rule.lend_to_top) chosen.length = rule.lend_to_top;
  }
  if (chosen.length === 0) return false;
  cb.ruleDay = day;
  for (const agent of chosen) injectEmergency(state, agent, rule.amount, cb.ruleRate, 'rule');
  return true;
}

/** Step 10: interest on each agent's facility drawings outstanding, round(drawn × rate per tick). */
export function chargeFacilityInterest(state: SimState, cb: CentralBank): void {
  const rate = cb.ratePerTick;
  if (rate === null) return;
  for (let agent = 0; agent < state.numAgents; agent++) {
    const drawn = cb.drawn[agent]!;
    if (drawn > 0) state.charge(agent, 'cb_credit', applyRate(drawn, rate));
  }
}

/**
 * End of day, after the backstop, the penalties and the pool's return: each agent repays what it
 * owes from its balance, as far as the balance is positive — emergency loans first, then facility
 * drawings. What it cannot repay stays owed overnight (the central bank's overnight exposure): it
 * keeps its facility capacity taken and its interest running, and the facility's drawings left
 * pay the overnight rate once, round(drawn × overnight_rate_bps / 10 000). When an RTGS outage
 * covers the day's last tick nothing is repaid (the repayment is a transfer in RTGS, like the
 * backstop's lending): all of it is owed overnight.
 */
export function repayAtEndOfDay(state: SimState, cb: CentralBank, rtgsUp: boolean): void {
  for (const agent of state.idOrder) {
    const owed = cb.exposure(agent);
    if (owed === 0) continue;
    const repaid = rtgsUp ? Math.min(owed, Math.max(0, state.balances[agent]!)) : 0;
    if (repaid > 0) {
      // Not payment activity: the day's extremes stay as the payments left them (as for a pool's return).
      state.balances[agent] = state.balances[agent]! - repaid;
      const fromInjected = Math.min(repaid, cb.injected[agent]!);
      cb.injected[agent] = cb.injected[agent]! - fromInjected;
      cb.drawn[agent] = cb.drawn[agent]! - (repaid - fromInjected);
      cb.outstanding -= repaid;
      state.day.cb_repaid[agent]! += repaid;
    }
    const left = owed - repaid;
    if (cb.overnightRate !== null && cb.drawn[agent]! > 0) state.charge(agent, 'cb_credit', applyRate(cb.drawn[agent]!, cb.overnightRate));
    if (state.recordingEvents) state.emit('cb_repay', agent, null, { repaid, overnight: left });
  }
}

/** As a day opens, each agent's peak starts from what it carried overnight. */
export function openCentralBankDay(cb: CentralBank): void {
  for (let agent = 0; agent < cb.dayPeak.length; agent++) cb.dayPeak[agent] = cb.exposure(agent);
}

function lend(state: SimState, cb: CentralBank, agent: number, amount: number, owed: Float64Array): void {
  const balance = state.balances[agent]! + amount;
  state.checkMoney('balance', agent, balance);
  const outstanding = cb.outstanding + amount;
  state.checkMoney('central-bank exposure', null, outstanding);
  state.balances[agent] = balance;
  owed[agent] = owed[agent]! + amount;
  cb.outstanding = outstanding;
  const exposure = cb.exposure(agent);
  if (exposure > cb.dayPeak[agent]!) cb.dayPeak[agent] = exposure;
  if (outstanding > cb.peak) cb.peak = outstanding;
}
