// A plain recursive interpreter of policy documents, written from policy-dsl.md §3–§5 directly
// against the fake state (not through the view or the compiler's helpers): the oracle the
// compiled policies are checked against.

import { capacityOf, type FakeState } from './fake-state.js';
import type { PaymentView } from '../../src/policy/decision.js';

type Json = Record<string, unknown>;

export class OracleRunError {
  constructor(
    readonly code: 'division_by_zero' | 'invalid_num_splits',
    readonly nodeId: string,
  ) {}
}

interface Env {
  readonly s: FakeState;
  readonly agent: number;
  readonly tx: PaymentView | null;
  readonly params: Readonly<Record<string, number>>;
  nodeId: string;
}

function agentField(name: string, s: FakeState, i: number): number {
  const a = s.agents[i]!;
  const B = a.balance;
  const C = a.creditLimit;
  const P = a.posted;
  const K = capacityOf(a);
  const T = B + C + P;
  const q1Value = a.q1.reduce((t, p) => t + p.remaining, 0);
  const mine = s.q2.filter((p) => p.sender === i);
  const tick = s.tick;
  const tpd = s.ticksPerDay;
  const rates = s.costRates ?? {
    overdraft_bps_per_tick: 10, collateral_bps_per_tick: 2, delay_cost_per_tick_per_cent: 0.0001,
    deadline_penalty: 50_000, eod_penalty_per_transaction: 10_000, split_friction_cost: 1_000,
  };
  const nearest = mine.length === 0 ? 2 ** 64 : Math.min(...mine.map((p) => p.deadline));
  switch (name) {
    case 'balance': return B;
    case 'credit_limit': return C;
    case 'posted_collateral': return P;
    case 'available_liquidity': return T;
    case 'credit_used': return Math.max(0, -B);
    case 'is_using_credit': return B < 0 ? 1 : 0;
    case 'liquidity_pressure': return T === 0 ? 1 : 1 - Math.max(B, 0) / T;
    case 'outgoing_queue_size': return a.q1.length;
    case 'queue1_total_value': return q1Value;
    case 'queue1_liquidity_gap': return Math.max(0, q1Value - T);
    case 'headroom': return T - q1Value;
    case 'max_collateral_capacity': return K;
    case 'remaining_collateral_capacity': return K - P;
    case 'collateral_utilization': return K > 0 ? P / K : 0;
    case 'queue2_count_for_agent': return mine.length;
    case 'queue2_value_for_agent': return mine.reduce((t, p) => t + p.remaining, 0);
    case 'queue2_nearest_deadline': return nearest;
    case 'ticks_to_nearest_queue2_deadline': return mine.length === 0 ? Infinity : Math.max(0, nearest - tick);
    case 'incoming_queue2_value': return s.q2.filter((p) => p.receiver === i).reduce((t, p) => t + p.remaining, 0);
    case 'current_tick': return tick;
    case 'total_agents': return s.agents.length;
    case 'rtgs_queue_size':
    case 'queue2_size': return s.q2.length;
    case 'rtgs_queue_value': return s.q2.reduce((t, p) => t + p.remaining, 0);
    case 'ticks_per_day': return tpd;
    case 'current_day': return Math.floor(tick / tpd);
    case 'tick_in_day': return tick % tpd;
    case 'ticks_remaining_in_day': return tpd - 1 - (tick % tpd);
    case 'day_progress_fraction': return (tick % tpd) / tpd;
    case 'cost_overdraft_bps_per_tick': return rates.overdraft_bps_per_tick;
    case 'cost_collateral_bps_per_tick': return rates.collateral_bps_per_tick;
    case 'cost_delay_per_tick_per_cent': return rates.delay_cost_per_tick_per_cent;
    case 'cost_deadline_penalty': return rates.deadline_penalty;
    case 'cost_eod_penalty': return rates.eod_penalty_per_transaction;
    case 'cost_split_friction': return rates.split_friction_cost;
    case 'recent_inflow': return (s.flows?.received[i] ?? []).reduce((t, x) => t + x, 0);
    case 'recent_outflow': return s.flows?.sent[i] ?? 0;
    case 'failed_participants': return s.failed?.length ?? 0;
  }
  throw new Error(`oracle: unknown field ${name}`);
}

function paymentField(name: string, tx: PaymentView, s: FakeState, agent: number): number | null {
  const tick = s.tick;
  switch (name) {
    case 'counterparty_failed': return s.failed?.includes(tx.receiver) === true ? 1 : 0;
    case 'counterparty_recent_inflow': return s.flows?.received[agent]?.[tx.receiver] ?? 0;
    case 'counterparty_queued_inflow':
      return s.q2.filter((p) => p.sender === tx.receiver && p.receiver === agent).reduce((t, p) => t + p.remaining, 0);
    case 'amount': return tx.amount;
    case 'remaining_amount': return tx.remaining;
    case 'settled_amount': return tx.amount - tx.remaining;
    case 'arrival_tick': return tx.arrivalTick;
    case 'deadline_tick': return tx.deadlineTick;
    case 'priority': return tx.priority;
    case 'is_divisible': return tx.divisible ? 1 : 0;
    case 'is_split': return tx.parentId >= 0 ? 1 : 0;
    case 'is_past_deadline': return tick > tx.deadlineTick ? 1 : 0;
    case 'ticks_to_deadline': return tx.deadlineTick - tick;
    case 'queue_age': return Math.max(0, tick - tx.arrivalTick);
  }
  return null;
}

function listMax(xs: number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  return m;
}

function listMin(xs: number[]): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}

function value(v: Json, env: Env): number {
  if ('field' in v) {
    const name = v['field'] as string;
    const fromTx = env.tx === null ? null : paymentField(name, env.tx, env.s, env.agent);
    return fromTx ?? agentField(name, env.s, env.agent);
  }
  if ('param' in v) return env.params[v['param'] as string]!;
  if ('value' in v) return Number(v['value']);
  const c = v['compute'] as Json;
  const sub = (key: string) => value(c[key] as Json, env);
  switch (c['op']) {
    case '+': { const a = sub('left'); return a + sub('right'); }
    case '-': { const a = sub('left'); return a - sub('right'); }
    case '*': { const a = sub('left'); return a * sub('right'); }
    case '/': {
      const a = sub('left');
      const b = sub('right');
      if (Math.abs(b) < 2.220446049250313e-16) throw new OracleRunError('division_by_zero', env.nodeId);
      return a / b;
    }
    case 'max': return listMax((c['values'] as Json[]).map((x) => value(x, env)));
    case 'min': return listMin((c['values'] as Json[]).map((x) => value(x, env)));
    case 'ceil': return Math.ceil(sub('value'));
    case 'floor': return Math.floor(sub('value'));
    case 'abs': return Math.abs(sub('value'));
    case 'round': { const x = sub('value'); return x < 0 ? -Math.round(-x) : Math.round(x); }
    case 'clamp': {
      const x = sub('value');
      const lo = sub('min');
      const hi = sub('max');
      return listMin([listMax([x, lo]), hi]);
    }
    case 'div0': {
      const a = sub('numerator');
      const b = sub('denominator');
      return Math.abs(b) < 1e-9 ? sub('default') : a / b;
    }
  }
  throw new Error(`oracle: unknown compute op ${String(c['op'])}`);
}

function condition(e: Json, env: Env): boolean {
  const op = e['op'] as string;
  if (op === 'and') return (e['conditions'] as Json[]).every((x) => condition(x, env));
  if (op === 'or') return (e['conditions'] as Json[]).some((x) => condition(x, env));
  if (op === 'not') return !condition(e['condition'] as Json, env);
  const a = value(e['left'] as Json, env);
  const b = value(e['right'] as Json, env);
  const near = Math.abs(a - b) < 1e-9;
  switch (op) {
    case '==': return near;
    case '!=': return Math.abs(a - b) >= 1e-9; // false with NaN, unlike !near
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b || near;
    case '>=': return a >= b || near;
  }
  throw new Error(`oracle: unknown op ${op}`);
}

function converted(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(2 ** 53 - 1, Math.max(-(2 ** 53 - 1), Math.trunc(x)));
}

export interface OracleDecision {
  readonly action: string;
  readonly nodeId: string;
  readonly reason: string | null;
  /** num_splits (payments) or amount (collateral); 0 when the action takes none. */
  readonly number: number;
  readonly path: string;
}

export function interpret(
  tree: Json,
  s: FakeState,
  agent: number,
  tx: PaymentView | null,
  params: Readonly<Record<string, number>>,
): OracleDecision {
  const env: Env = { s, agent, tx, params, nodeId: '' };
  const steps: string[] = [];
  let node = tree;
  while (node['type'] === 'condition') {
    env.nodeId = node['node_id'] as string;
    const taken = condition(node['condition'] as Json, env);
    steps.push(`${env.nodeId}(${taken})`);
    node = node[taken ? 'on_true' : 'on_false'] as Json;
  }
  env.nodeId = node['node_id'] as string;
  const args = (node['parameters'] ?? {}) as Record<string, Json>;
  const action = node['action'] as string;
  const reasonArg = args['reason'];
  const reason = reasonArg === undefined ? null : (reasonArg['value'] as string);
  let number = 0;
  if (action === 'Split' || action === 'PaceAndRelease') {
    number = converted(value(args['num_splits']!, env));
    if (number < 2 || number > 1000) throw new OracleRunError('invalid_num_splits', env.nodeId);
  }
  if (action === 'PostCollateral' || action === 'WithdrawCollateral') number = converted(value(args['amount']!, env));
  const kind = action === 'ReleaseWithCredit' ? 'Release' : action === 'PaceAndRelease' ? 'Split' : action;
  return { action: kind, nodeId: env.nodeId, reason, number, path: [...steps, env.nodeId].join(' → ') };
}
