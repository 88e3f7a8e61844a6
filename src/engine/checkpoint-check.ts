// The shape a checkpoint must have before any of it is restored (engine.md §10): every field of
// the right type and range, every index pointing at an agent or a transaction that exists, and
// every queued payment in its queue exactly once. A checkpoint comes from outside (the store, an
// HTTP body), so it is checked like any other input: a forged one is refused whole, instead of
// running on with NaN balances, strings or a sender index of 99.

import { FAILURE_CHECKPOINT_RANGES } from './failures.js';
import { AGENT_DAY_FIELDS, COST_KINDS, DAY_COUNTERS } from './metrics.js';
import { DROP_REASONS, SETTLED_BY, TX_ORIGINS, TX_STATUSES } from './vocabulary.js';

/** What a checkpoint is checked against: the state it is about to be restored into. */
export interface CheckpointTarget {
  readonly numAgents: number;
  readonly totalTicks: number;
  readonly ids: readonly string[];
}

/** Problems reported before giving up: enough to see what is wrong, bounded for a huge forgery. */
const MAX_PROBLEMS = 20;

/** Checkpoint keys, all required (the order is that of saveCheckpoint). */
const KEYS = [
  'format', 'engine_version', 'config_hash', 'tick', 'rng_state', 'arrivals_state', 'balances', 'credit_limits',
  'posted_collateral', 'transactions', 'q1', 'q2', 'q2_entry_counter', 'costs', 'day', 'opening_balances',
  'agent_days', 'external_total', 'outage_until', 'rtgs_outage_until', 'lsm_off_until', 'event_seq',
] as const;

/** Keys of the settlement designs' state (engine.md §9b), absent in checkpoints written before them. */
const OPTIONAL_KEYS = ['priority_rng_state', 'liquidity_brought', 'limit_positions', 'failures', 'central_bank'] as const;

/**
 * Cost kinds, day counters and agent-day fields that came with the central bank's response
 * (docs/engine.md): absent in checkpoints written before it, and then zero.
 */
export const LATE_FIELDS: ReadonlySet<string> = new Set(['cb_credit', 'cost_cb_credit', 'cb_drawn', 'cb_injected', 'cb_repaid', 'cb_exposure_peak', 'cb_exposure_eod']);

/** Positions in a transaction row (see TxRow in checkpoint.ts). */
const ROW_LENGTH = 24;
/** A trailing backstop cost, absent in checkpoints written before the end-of-day backstop. */
const ROW_LENGTH_MAX = 25;

class Problems extends Error {}

class Checker {
  readonly problems: string[] = [];

  constructor(private readonly target: CheckpointTarget) {}

  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
    if (this.problems.length >= MAX_PROBLEMS) throw new Problems();
  }

  int(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.fail(path, `expected an integer, got ${describe(value)}`);
      return false;
    }
    if (value < min || value > max) {
      this.fail(path, `${value} is out of range (expected ${min}..${max})`);
      return false;
    }
    return true;
  }

  /** Money: a safe integer number of cents (balances, costs, counters: the engine keeps them all whole). */
  cents(path: string, value: unknown, min = -Number.MAX_SAFE_INTEGER): void {
    this.int(path, value, min);
  }


  /** A finite number at or above `min` (the failure state's fields, which are not all money). */
  finite(path: string, value: unknown, min = -Number.MAX_VALUE): void {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, `expected a finite number, got ${describe(value)}`);
    else if (value < min) this.fail(path, `${value} is below ${min}`);
  }

  oneOf(path: string, value: unknown, allowed: readonly string[], nullable: boolean): void {
    if (value === null && nullable) return;
    if (typeof value !== 'string' || !allowed.includes(value)) {
      this.fail(path, `expected one of ${allowed.join(', ')}${nullable ? ' or null' : ''}, got ${describe(value)}`);
    }
  }

  /** An array with one entry per agent, each checked by `each`. */
  perAgent(path: string, value: unknown, each: (path: string, item: unknown) => void): void {
    const n = this.target.numAgents;
    if (!Array.isArray(value) || value.length !== n) {
      this.fail(path, `expected ${n} entries (one per agent), got ${Array.isArray(value) ? value.length : describe(value)}`);
      return;
    }
    value.forEach((item, i) => each(`${path}[${i}]`, item));
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every problem (up to MAX_PROBLEMS) that stops `value` from being restored into `target`, as
 * `path: problem`; empty when it may be restored. Format, engine version and config hash are
 * compared by restoreCheckpoint itself, which names them more helpfully.
 */
export function checkpointProblems(value: unknown, target: CheckpointTarget): string[] {
  const c = new Checker(target);
  try {
    check(c, value, target);
  } catch (error) {
    if (!(error instanceof Problems)) throw error;
  }
  return c.problems;
}

function check(c: Checker, value: unknown, target: CheckpointTarget): void {
  if (!isRecord(value)) {
    c.fail('checkpoint', `expected an object, got ${describe(value)}`);
    return;
  }
  for (const key of KEYS) if (!(key in value)) c.fail(key, 'missing');
  const known: readonly string[] = [...KEYS, ...OPTIONAL_KEYS];
  for (const key of Object.keys(value)) if (!known.includes(key)) c.fail(key, 'not a checkpoint key');
  if (c.problems.length > 0) return;
  const tick = value['tick'];
  if (!c.int('tick', tick, 0, target.totalTicks)) return;
  if (typeof value['rng_state'] !== 'string' || !/^[0-9]{1,20}$/.test(value['rng_state'])) {
    c.fail('rng_state', `expected a decimal u64, got ${describe(value['rng_state'])}`);
  }
  c.perAgent('balances', value['balances'], (p, x) => c.cents(p, x));
  c.perAgent('credit_limits', value['credit_limits'], (p, x) => c.cents(p, x, 0));
  c.perAgent('posted_collateral', value['posted_collateral'], (p, x) => c.cents(p, x, 0));
  c.perAgent('opening_balances', value['opening_balances'], (p, x) => c.cents(p, x));
  c.perAgent('outage_until', value['outage_until'], (p, x) => c.int(p, x, -1, 2 ** 31 - 1));
  c.cents('external_total', value['external_total']);
  c.int('rtgs_outage_until', value['rtgs_outage_until'], -1);
  c.int('lsm_off_until', value['lsm_off_until'], -1);
  c.int('event_seq', value['event_seq'], 0);
  c.int('q2_entry_counter', value['q2_entry_counter'], 0);
  for (const [key, kinds, min] of [['costs', COST_KINDS, 0], ['day', DAY_COUNTERS, -Number.MAX_SAFE_INTEGER]] as const) {
    const group = value[key];
    if (!isRecord(group)) {
      c.fail(key, `expected an object, got ${describe(group)}`);
      continue;
    }
    for (const kind of kinds) {
      if (group[kind] === undefined && LATE_FIELDS.has(kind)) continue;
      c.perAgent(`${key}.${kind}`, group[kind], (p, x) => c.cents(p, x, min));
    }
    for (const kind of Object.keys(group)) if (!(kinds as readonly string[]).includes(kind)) c.fail(`${key}.${kind}`, `not a ${key} key`);
  }
  checkDesignState(c, value, target);
  checkFailures(c, value['failures']);
  checkCentralBank(c, value['central_bank']);
  checkAgentDays(c, value['agent_days'], target);
  checkTransactions(c, value, tick, target);
}

/** The priority stream, pool liquidity brought today and sender-limit positions, when present. */
function checkDesignState(c: Checker, value: Record<string, unknown>, target: CheckpointTarget): void {
  const rng = value['priority_rng_state'];
  if (rng !== undefined && (typeof rng !== 'string' || !/^[0-9]{1,20}$/.test(rng))) {
    c.fail('priority_rng_state', `expected a decimal u64, got ${describe(rng)}`);
  }
  if (value['liquidity_brought'] !== undefined) c.perAgent('liquidity_brought', value['liquidity_brought'], (p, x) => c.cents(p, x, 0));
  const limits = value['limit_positions'];
  if (limits === undefined) return;
  if (!isRecord(limits)) return c.fail('limit_positions', `expected an object, got ${describe(limits)}`);
  c.perAgent('limit_positions.net_debit', limits['net_debit'], (p, x) => c.cents(p, x));
  const pairs = limits['pair_net'];
  if (!Array.isArray(pairs) || pairs.length % 2 !== 0) {
    return c.fail('limit_positions.pair_net', `expected a list of [index, position] pairs, got ${describe(pairs)}`);
  }
  const cells = target.numAgents * target.numAgents;
  for (let k = 0; k < pairs.length; k += 2) {
    c.int(`limit_positions.pair_net[${k}]`, pairs[k], 0, cells - 1);
    c.cents(`limit_positions.pair_net[${k + 1}]`, pairs[k + 1]);
  }
}

/** Participant failures, when one has fired: a per-agent array of numbers in range for each field. */
function checkFailures(c: Checker, failures: unknown): void {
  if (failures === undefined) return;
  if (!isRecord(failures)) return c.fail('failures', `expected an object, got ${describe(failures)}`);
  const known = FAILURE_CHECKPOINT_RANGES.map(([key]) => key as string);
  for (const key of Object.keys(failures)) if (!known.includes(key)) c.fail(`failures.${key}`, 'not a failures key');
  for (const [key, min, max] of FAILURE_CHECKPOINT_RANGES) {
    c.perAgent(`failures.${key}`, failures[key], (p, x) => {
      c.finite(p, x, min);
      if (typeof x === 'number' && x > max) c.fail(p, `${x} is above ${max}`);
    });
  }
}

/** The central bank's state, when it exists: what each agent owes (cents ≥ 0), the peaks, the rule's day. */
function checkCentralBank(c: Checker, cb: unknown): void {
  if (cb === undefined) return;
  if (!isRecord(cb)) return c.fail('central_bank', `expected an object, got ${describe(cb)}`);
  const known = ['drawn', 'injected', 'day_peak', 'peak', 'rule_day'];
  for (const key of Object.keys(cb)) if (!known.includes(key)) c.fail(`central_bank.${key}`, 'not a central_bank key');
  for (const key of ['drawn', 'injected', 'day_peak']) c.perAgent(`central_bank.${key}`, cb[key], (p, x) => c.cents(p, x, 0));
  c.cents('central_bank.peak', cb['peak'], 0);
  c.int('central_bank.rule_day', cb['rule_day'], -1);
}

function checkAgentDays(c: Checker, value: unknown, target: CheckpointTarget): void {
  if (!Array.isArray(value)) {
    c.fail('agent_days', `expected a list, got ${describe(value)}`);
    return;
  }
  value.forEach((row: unknown, i) => {
    const path = `agent_days[${i}]`;
    if (!isRecord(row)) return c.fail(path, `expected an object, got ${describe(row)}`);
    if (typeof row['agent'] !== 'string' || !target.ids.includes(row['agent'])) c.fail(`${path}.agent`, `no agent ${describe(row['agent'])}`);
    c.int(`${path}.day`, row['day'], 0);
    for (const field of AGENT_DAY_FIELDS) if (row[field] !== undefined || !LATE_FIELDS.has(field)) c.cents(`${path}.${field}`, row[field]);
  });
}

function checkTransactions(c: Checker, value: Record<string, unknown>, tick: number, target: CheckpointTarget): void {
  const rows = value['transactions'];
  if (!Array.isArray(rows)) {
    c.fail('transactions', `expected a list, got ${describe(rows)}`);
    return;
  }
  const n = target.numAgents;
  const statuses: string[] = [];
  const senders: number[] = [];
  rows.forEach((row: unknown, id) => {
    const path = `transactions[${id}]`;
    if (!Array.isArray(row) || row.length < ROW_LENGTH || row.length > ROW_LENGTH_MAX) {
      c.fail(path, `expected a row of ${ROW_LENGTH} values, got ${Array.isArray(row) ? `${row.length} values` : describe(row)}`);
      return;
    }
    const at = (i: number, name: string): string => `${path}[${i}] (${name})`;
    c.int(at(0, 'id'), row[0], id, id);
    c.int(at(1, 'sender'), row[1], 0, n - 1);
    c.int(at(2, 'receiver'), row[2], 0, n - 1);
    const amount = row[3];
    if (c.int(at(3, 'amount'), amount, 1)) c.int(at(4, 'remaining'), row[4], 0, amount);
    c.int(at(5, 'arrival tick'), row[5], 0, tick);
    c.int(at(6, 'deadline tick'), row[6], 0);
    c.int(at(7, 'priority'), row[7], 0);
    if (typeof row[8] !== 'boolean') c.fail(at(8, 'divisible'), `expected true or false, got ${describe(row[8])}`);
    c.int(at(9, 'parent id'), row[9], -1, id - 1);
    c.oneOf(at(10, 'origin'), row[10], TX_ORIGINS, false);
    // Between ticks nothing is `pending`.
    c.oneOf(at(11, 'status'), row[11], TX_STATUSES.filter((s) => s !== 'pending'), false);
    c.int(at(12, 'settled tick'), row[12], -1, tick);
    c.oneOf(at(13, 'settled by'), row[13], SETTLED_BY, true);
    c.int(at(14, 'submitted tick'), row[14], -1, tick);
    c.int(at(15, 'q2 entry'), row[15], -1);
    const held: unknown = row[16];
    if (!(typeof held === 'string' && /^\d{16,}$/.test(held) && BigInt(held) > BigInt(Number.MAX_SAFE_INTEGER))) c.int(at(16, 'delay cent-ticks'), held, 0);
    c.cents(at(17, 'deadline penalty'), row[17], 0);
    c.cents(at(18, 'eod penalty'), row[18], 0);
    c.cents(at(19, 'split friction'), row[19], 0);
    c.oneOf(at(20, 'drop reason'), row[20], DROP_REASONS, true);
    const children: unknown = row[21];
    if (children !== null && (!Array.isArray(children) || !children.every((x) => Number.isSafeInteger(x) && x > id && x < rows.length))) {
      c.fail(at(21, 'children'), 'expected null or a list of ids of later transactions');
    }
    c.int(at(22, 'open children'), row[22], 0);
    if (typeof row[23] !== 'boolean') c.fail(at(23, 'child dropped'), `expected true or false, got ${describe(row[23])}`);
    if (row.length > ROW_LENGTH) c.cents(at(24, 'backstop cost'), row[24], 0);
    statuses.push(String(row[11]));
    senders.push(Number(row[1]));
  });
  if (c.problems.length > 0) return;
  checkQueues(c, value, statuses, senders);
}

/** Q1 and Q2 hold valid ids, each queued payment exactly once and in its sender's Q1. */
function checkQueues(c: Checker, value: Record<string, unknown>, statuses: readonly string[], senders: readonly number[]): void {
  const seen = new Uint8Array(statuses.length);
  const place = (path: string, id: unknown, status: string, agent: number | null): void => {
    if (!c.int(path, id, 0, statuses.length - 1)) return;
    if (seen[id]) return c.fail(path, `transaction ${id} is queued twice`);
    seen[id] = 1;
    if (statuses[id] !== status) c.fail(path, `transaction ${id} is ${statuses[id]}, not ${status}`);
    if (agent !== null && senders[id] !== agent) c.fail(path, `transaction ${id} is sent by agent ${senders[id]}, not by agent ${agent}`);
  };
  c.perAgent('q1', value['q1'], (path, queue) => {
    const agent = Number(/\[(\d+)\]$/.exec(path)![1]);
    if (!Array.isArray(queue)) return c.fail(path, `expected a list of transaction ids, got ${describe(queue)}`);
    queue.forEach((id: unknown, i) => place(`${path}[${i}]`, id, 'queued_q1', agent));
  });
  const q2 = value['q2'];
  if (!Array.isArray(q2)) c.fail('q2', `expected a list of transaction ids, got ${describe(q2)}`);
  else q2.forEach((id: unknown, i) => place(`q2[${i}]`, id, 'queued_q2', null));
  statuses.forEach((status, id) => {
    if ((status === 'queued_q1' || status === 'queued_q2') && !seen[id]) c.fail(`transactions[${id}]`, `is ${status} but in no queue`);
  });
}
