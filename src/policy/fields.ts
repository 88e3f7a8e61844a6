// The context fields of policy-dsl.md §4: their names, which trees may read them, and how each is
// computed from the engine's PolicyStateView. The compiler resolves names here once; evaluation
// never looks a field up by name.

import { NO_DEADLINE, type PaymentView, type PolicyStateView } from './decision.js';

export type PaymentFieldReader = (tx: PaymentView, tick: number, view: PolicyStateView, agent: number) => number;
export type AgentFieldReader = (view: PolicyStateView, agent: number) => number;

/** Fields of the payment being decided: payment tree only. */
export const PAYMENT_FIELDS: Readonly<Record<string, PaymentFieldReader>> = {
  amount: (tx) => tx.amount,
  remaining_amount: (tx) => tx.remaining,
  settled_amount: (tx) => tx.amount - tx.remaining,
  arrival_tick: (tx) => tx.arrivalTick,
  deadline_tick: (tx) => tx.deadlineTick,
  priority: (tx) => tx.priority,
  is_divisible: (tx) => (tx.divisible ? 1 : 0),
  is_split: (tx) => (tx.parentId >= 0 ? 1 : 0),
  is_past_deadline: (tx, tick) => (tick > tx.deadlineTick ? 1 : 0),
  ticks_to_deadline: (tx, tick) => tx.deadlineTick - tick,
  queue_age: (tx, tick) => Math.max(0, tick - tx.arrivalTick),
  // Counterparty fields: about the payment's receiver (docs/policies.md, "Counterparty and flow fields").
  counterparty_failed: (tx, _tick, view) => (view.failureAnnounced(tx.receiver) ? 1 : 0),
  counterparty_recent_inflow: (tx, _tick, view, agent) => view.receivedFrom(agent, tx.receiver),
  counterparty_queued_inflow: (tx, _tick, view, agent) => view.queuedFrom(agent, tx.receiver),
};

/** Fields read from the engine's flow window: a policy reading one gets a window (flow_window_ticks). */
export const FLOW_FIELDS: ReadonlySet<string> = new Set(['counterparty_recent_inflow', 'recent_inflow', 'recent_outflow']);

function available(v: PolicyStateView, a: number): number {
  return v.balance(a) + v.creditLimit(a) + v.postedCollateral(a);
}

function tickInDay(v: PolicyStateView): number {
  return v.tick % v.ticksPerDay;
}

/** Agent and system fields: every tree. */
export const AGENT_FIELDS: Readonly<Record<string, AgentFieldReader>> = {
  balance: (v, a) => v.balance(a),
  credit_limit: (v, a) => v.creditLimit(a),
  posted_collateral: (v, a) => v.postedCollateral(a),
  available_liquidity: available,
  credit_used: (v, a) => Math.max(0, -v.balance(a)),
  is_using_credit: (v, a) => (v.balance(a) < 0 ? 1 : 0),
  liquidity_pressure: (v, a) => {
    const total = available(v, a);
    return total === 0 ? 1 : 1 - Math.max(v.balance(a), 0) / total;
  },
  outgoing_queue_size: (v, a) => v.q1Count(a),
  queue1_total_value: (v, a) => v.q1Value(a),
  queue1_liquidity_gap: (v, a) => Math.max(0, v.q1Value(a) - available(v, a)),
  headroom: (v, a) => available(v, a) - v.q1Value(a),
  max_collateral_capacity: (v, a) => v.collateralCapacity(a),
  remaining_collateral_capacity: (v, a) => v.collateralCapacity(a) - v.postedCollateral(a),
  collateral_utilization: (v, a) => {
    const capacity = v.collateralCapacity(a);
    return capacity > 0 ? v.postedCollateral(a) / capacity : 0;
  },
  queue2_count_for_agent: (v, a) => v.q2CountFor(a),
  queue2_value_for_agent: (v, a) => v.q2ValueFor(a),
  queue2_nearest_deadline: (v, a) => (v.q2CountFor(a) === 0 ? NO_DEADLINE : v.q2NearestDeadline(a)),
  ticks_to_nearest_queue2_deadline: (v, a) =>
    v.q2CountFor(a) === 0 ? Infinity : Math.max(0, v.q2NearestDeadline(a) - v.tick),
  incoming_queue2_value: (v, a) => v.incomingQ2Value(a),
  recent_inflow: (v, a) => v.receivedRecently(a),
  recent_outflow: (v, a) => v.sentRecently(a),
  failed_participants: (v) => v.announcedFailures(),
  current_tick: (v) => v.tick,
  total_agents: (v) => v.numAgents,
  rtgs_queue_size: (v) => v.q2Size(),
  queue2_size: (v) => v.q2Size(),
  rtgs_queue_value: (v) => v.q2Value(),
  ticks_per_day: (v) => v.ticksPerDay,
  current_day: (v) => Math.floor(v.tick / v.ticksPerDay),
  tick_in_day: tickInDay,
  ticks_remaining_in_day: (v) => v.ticksPerDay - 1 - tickInDay(v),
  day_progress_fraction: (v) => tickInDay(v) / v.ticksPerDay,
  cost_overdraft_bps_per_tick: (v) => v.costRates.overdraft_bps_per_tick,
  cost_collateral_bps_per_tick: (v) => v.costRates.collateral_bps_per_tick,
  cost_delay_per_tick_per_cent: (v) => v.costRates.delay_cost_per_tick_per_cent,
  cost_deadline_penalty: (v) => v.costRates.deadline_penalty,
  cost_eod_penalty: (v) => v.costRates.eod_penalty_per_transaction,
  cost_split_friction: (v) => v.costRates.split_friction_cost,
};

export const PAYMENT_FIELD_NAMES: readonly string[] = Object.keys(PAYMENT_FIELDS);
export const AGENT_FIELD_NAMES: readonly string[] = Object.keys(AGENT_FIELDS);

export function isPaymentField(name: string): boolean {
  return Object.hasOwn(PAYMENT_FIELDS, name);
}

export function isAgentField(name: string): boolean {
  return Object.hasOwn(AGENT_FIELDS, name);
}
