// Step 11 on the last tick of a day: the backstop settles what is left in Q2 (when configured and
// RTGS is up, engine.md §9b), end-of-day penalties for every payment still unsettled in Q1 or Q2 (§7.4, which
// differs from the reference: Q2 counts too), pool liquidity goes back, then the day's metrics
// close and the next day opens.

import { liquidityLowerBound } from './liquidity-bounds.js';
import {
  AGENT_DAY_FIELDS,
  type AgentDayField,
  type AgentDayRecord,
  DAY_COST,
  DAY_COUNTERS,
  type DayCounter,
  totalOverKinds,
} from './metrics.js';
import { checkResultSums } from './assert.js';
import { runBackstop } from './backstop.js';
import { openCentralBankDay, repayAtEndOfDay } from './central-bank.js';
import { returnPoolLiquidity } from './day-start.js';
import type { SimState } from './state.js';

export function endOfDay(state: SimState): void {
  // An RTGS outage stops every settlement, the central bank's lending included (docs/engine.md,
  // "End-of-day backstop during an RTGS outage"): what is left in Q2 counts as unsettled today.
  if (state.tick >= state.rtgsOutageUntil) runBackstop(state);
  if (state.designs.deferredCrediting) state.applyDeferredCredits();
  const penalty = state.config.cost_rates.eod_penalty_per_transaction;
  const unsettledQ1 = new Int32Array(state.numAgents);
  const unsettledQ2 = new Int32Array(state.numAgents);
  const unsettledValue = new Float64Array(state.numAgents);
  for (let agent = 0; agent < state.numAgents; agent++) {
    for (const id of state.q1[agent]!) {
      const tx = state.txs[id]!;
      tx.eodPenalty += penalty;
      unsettledQ1[agent]! += 1;
      unsettledValue[agent]! += tx.remaining;
    }
  }
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status !== 'queued_q2') continue;
    tx.eodPenalty += penalty;
    unsettledQ2[tx.sender]! += 1;
    unsettledValue[tx.sender]! += tx.remaining;
  }
  for (const agent of state.idOrder) {
    const count = unsettledQ1[agent]! + unsettledQ2[agent]!;
    state.charge(agent, 'eod', count * penalty);
    if (state.recordingEvents) {
      state.emit('end_of_day', agent, null, {
        day: Math.floor(state.tick / state.ticksPerDay),
        unsettled_q1: unsettledQ1[agent],
        unsettled_q2: unsettledQ2[agent],
        penalty: count * penalty,
      });
    }
  }
  if (state.designs.anyPool) returnPoolLiquidity(state);
  // The repayment is a transfer in RTGS too: during an outage everything stays owed overnight.
  if (state.cb !== null) repayAtEndOfDay(state, state.cb, state.tick >= state.rtgsOutageUntil);
  const day = Math.floor(state.tick / state.ticksPerDay);
  for (let agent = 0; agent < state.numAgents; agent++) {
    state.agentDays.push(dayRecord(state, agent, day, unsettledQ1[agent]! + unsettledQ2[agent]!, unsettledValue[agent]!));
  }
  openDay(state);
}

/**
 * The agent-day row as it stands now (also used for a run that stops mid-day). `unsettled` and
 * `unsettledValue`: what the agent still had in Q1 and Q2 at the end of the day (count, cents).
 */
export function dayRecord(state: SimState, agent: number, day: number, unsettled: number, unsettledValue: number): AgentDayRecord {
  const m = state.day;
  const opening = state.openingBalances[agent]!;
  const minBalance = m.min_balance[agent]!;
  const derived: Record<Exclude<AgentDayField, DayCounter>, number> = {
    opening_balance: opening,
    closing_balance: state.balances[agent]!,
    peak_overdraft: Math.max(0, -minBalance),
    liquidity_used: Math.max(0, opening - minBalance),
    unsettled_eod: unsettled,
    unsettled_eod_value: unsettledValue,
    liquidity_lower_bound: liquidityLowerBound(m, agent),
    total_cost: totalOverKinds((kind) => m[DAY_COST[kind]][agent]!),
    cb_exposure_peak: state.cb === null ? 0 : state.cb.dayPeak[agent]!,
    cb_exposure_eod: state.cb === null ? 0 : state.cb.exposure(agent),
  };
  const record: Record<string, number | string> = { agent: state.ids[agent]!, day };
  for (const field of AGENT_DAY_FIELDS) {
    record[field] = field in derived ? derived[field as keyof typeof derived] : m[field as DayCounter][agent]!;
  }
  checkResultSums(record, `agent day ${day}`, state.ids[agent]!, state.tick);
  return record as AgentDayRecord;
}

function openDay(state: SimState): void {
  const m = state.day;
  for (const key of DAY_COUNTERS) m[key].fill(0);
  state.openingBalances.set(state.balances);
  m.min_balance.set(state.balances);
  m.max_balance.set(state.balances);
  if (state.cb !== null) openCentralBankDay(state.cb);
}

/** Peaks of Q1 are reached after arrivals; peaks of Q2 right after RTGS entry. */
export function recordQ1Peaks(state: SimState): void {
  const m = state.day;
  for (let agent = 0; agent < state.numAgents; agent++) {
    const size = state.q1[agent]!.length;
    if (size > m.peak_q1_size[agent]!) m.peak_q1_size[agent] = size;
    const value = state.q1Values[agent]!;
    if (value > m.peak_q1_value[agent]!) m.peak_q1_value[agent] = value;
  }
}

export function recordQ2Peaks(state: SimState): void {
  const m = state.day;
  for (let agent = 0; agent < state.numAgents; agent++) {
    const size = state.q2CountsOut[agent]!;
    if (size > m.peak_q2_size[agent]!) m.peak_q2_size[agent] = size;
    const value = state.q2ValuesOut[agent]!;
    if (value > m.peak_q2_value[agent]!) m.peak_q2_value[agent] = value;
  }
}
