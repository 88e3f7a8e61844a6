// Scenario checks a JSON Schema cannot express (engine.md §1 "Validation beyond the schema").
// They run on the raw document even when the schema found problems, so that one pass reports
// everything; each check therefore looks only at values of the right shape and leaves shape
// errors to the schema (no problem is reported twice).

import type { ValidationIssue } from '../input/issues.js';
import { joinPath } from '../input/issues.js';
import { isRecord } from '../input/json-path.js';
import { show } from '../input/ajv-issues.js';
import { COLLATERAL_CAPACITY_FACTOR, TICK_MAX } from './scenario-schema.js';

const SEED_LIMIT = 1n << 64n;

class Collector {
  readonly issues: ValidationIssue[] = [];
  constructor(private readonly file: string) {}
  add(path: string, message: string, code = 'semantic'): void {
    this.issues.push({ file: this.file, path, message, code });
  }
}

/** Runs every semantic check on a scenario document. */
export function semanticIssues(doc: unknown, file: string): ValidationIssue[] {
  const out = new Collector(file);
  if (!isRecord(doc)) return out.issues;
  checkSimulation(doc['simulation'], out);
  const agents = Array.isArray(doc['agents']) ? doc['agents'] : [];
  const ids = checkAgentIds(agents, out);
  agents.forEach((agent: unknown, i) => checkAgent(agent, joinPath('agents', i), ids, out));
  checkTotals(agents, out);
  checkLsmSchedule(doc, out);
  checkCentralBank(doc, ids, out);
  const events = doc['scenario_events'];
  if (Array.isArray(events)) {
    const ticks = runTicks(doc['simulation']);
    events.forEach((event: unknown, i) => checkEvent(event, joinPath('scenario_events', i), ids, ticks, out));
  }
  return out.issues;
}

function checkSimulation(sim: unknown, out: Collector): void {
  if (!isRecord(sim)) return;
  const seed = sim['rng_seed'];
  // The schema checks the digits; the 2^64 bound needs exact arithmetic.
  if (typeof seed === 'string' && /^[0-9]+$/.test(seed) && BigInt(seed) >= SEED_LIMIT) {
    out.add('simulation.rng_seed', `${seed} is out of range (expected an integer 0 ≤ seed < 2^64 = 18446744073709551616)`);
  }
  const tpd = sim['ticks_per_day'];
  const days = sim['num_days'];
  if (isPositiveInt(tpd) && isPositiveInt(days) && tpd * days > TICK_MAX) {
    out.add(
      'simulation.num_days',
      `ticks_per_day × num_days = ${tpd * days} is too long (expected at most ${TICK_MAX} ticks, the range of a stored tick)`,
    );
  }
}

/** Non-blank string ids, first occurrence wins; duplicates are reported. */
function checkAgentIds(agents: readonly unknown[], out: Collector): Map<string, number> {
  const ids = new Map<string, number>();
  agents.forEach((agent, i) => {
    const id = isRecord(agent) ? agent['id'] : undefined;
    if (typeof id !== 'string' || id.trim() === '') return;
    const first = ids.get(id);
    if (first === undefined) ids.set(id, i);
    else out.add(joinPath(joinPath('agents', i), 'id'), `duplicate agent id ${show(id)} (expected a unique id; first used at agents[${first}].id)`);
  });
  return ids;
}

function checkAgent(agent: unknown, path: string, ids: Map<string, number>, out: Collector): void {
  if (!isRecord(agent)) return;
  const self = typeof agent['id'] === 'string' ? agent['id'] : undefined;
  const credit = agent['credit_limit'] ?? 0;
  const posted = agent['posted_collateral'];
  const capacityGiven = agent['collateral_capacity'];
  // Negative or non-integer values are the schema's to report; comparing them would add noise.
  const creditOk = isSafeInt(credit) && credit >= 0;
  const defaultCapacity = creditOk ? credit * COLLATERAL_CAPACITY_FACTOR : undefined;
  if (capacityGiven === undefined && defaultCapacity !== undefined && !Number.isSafeInteger(defaultCapacity)) {
    out.add(
      joinPath(path, 'credit_limit'),
      'the default collateral_capacity (10 × credit_limit) is not a safe integer (expected collateral_capacity given explicitly)',
    );
  }
  const capacity = capacityGiven === undefined ? defaultCapacity : capacityGiven;
  if (isSafeInt(posted) && posted >= 0 && isSafeInt(capacity) && capacity >= 0 && posted > capacity) {
    const why = capacityGiven === undefined ? ', the default of 10 × credit_limit' : '';
    out.add(joinPath(path, 'posted_collateral'), `${posted} exceeds collateral_capacity ${capacity}${why} (expected at most ${capacity})`);
  }
  checkLiquidityAndLimits(agent, path, self, ids, out);
  const arrivals = agent['arrival_config'];
  if (!isRecord(arrivals)) return;
  const arrivalPath = joinPath(path, 'arrival_config');
  checkPriorityDistribution(arrivals['priority'], joinPath(arrivalPath, 'priority'), out);
  checkWeights(arrivals['counterparty_weights'], joinPath(arrivalPath, 'counterparty_weights'), self, ids, out);
  checkDeadlineRange(arrivals['deadline_range'], joinPath(arrivalPath, 'deadline_range'), out);
  const dist = arrivals['amount_distribution'];
  if (isRecord(dist) && dist['type'] === 'Uniform' && isSafeInt(dist['min']) && isSafeInt(dist['max']) && dist['min'] > dist['max']) {
    out.add(joinPath(joinPath(arrivalPath, 'amount_distribution'), 'max'), `${dist['max']} is below min ${dist['min']} (expected max ≥ min)`);
  }
}

/** initial_liquidity_fraction needs a pool to be a fraction of; bilateral limits name other agents. */
function checkLiquidityAndLimits(agent: Record<string, unknown>, path: string, self: string | undefined, ids: Map<string, number>, out: Collector): void {
  if (agent['initial_liquidity_fraction'] !== undefined && agent['liquidity_pool'] === undefined) {
    out.add(
      joinPath(path, 'initial_liquidity_fraction'),
      'is a fraction of liquidity_pool, which this agent does not have (expected liquidity_pool given as well)',
    );
  }
  const limits = agent['bilateral_limits'];
  if (!isRecord(limits)) return;
  for (const key of Object.keys(limits)) {
    if (!ids.has(key)) out.add(joinPath(joinPath(path, 'bilateral_limits'), key), `unknown agent id ${show(key)} (expected ${idList(ids, self)})`);
    else if (key === self) out.add(joinPath(joinPath(path, 'bilateral_limits'), key), `a limit towards the agent itself (expected ${idList(ids, self)})`);
  }
}

/** A categorical priority distribution: one weight per value, some weight positive. */
function checkPriorityDistribution(priority: unknown, path: string, out: Collector): void {
  if (!isRecord(priority)) return;
  const values = priority['values'];
  const weights = priority['weights'];
  if (!Array.isArray(values) || !Array.isArray(weights)) return;
  if (values.length !== weights.length) {
    out.add(joinPath(path, 'weights'), `${weights.length} weights for ${values.length} values (expected one weight per value)`);
  } else if (weights.every((w) => typeof w === 'number' && w >= 0) && !weights.some((w) => (w as number) > 0)) {
    out.add(joinPath(path, 'weights'), 'all weights are 0 (expected a positive sum)');
  }
}

/** lsm_config.schedule: exactly one of every or at_ticks, whose ticks are ticks of the day (or last). */
function checkLsmSchedule(doc: Record<string, unknown>, out: Collector): void {
  const lsm = doc['lsm_config'];
  const sim = doc['simulation'];
  if (!isRecord(lsm) || !isRecord(lsm['schedule'])) return;
  const schedule = lsm['schedule'];
  const hasEvery = 'every' in schedule;
  const hasAt = 'at_ticks' in schedule;
  if (hasEvery === hasAt) {
    out.add('lsm_config.schedule', `${hasAt ? 'both every and at_ticks given' : 'no schedule'} (expected exactly one of {every: N} or {at_ticks: [t, …]})`);
  }
  const ticks = schedule['at_ticks'];
  const tpd = isRecord(sim) ? sim['ticks_per_day'] : undefined;
  if (!Array.isArray(ticks) || !isPositiveInt(tpd)) return;
  ticks.forEach((t: unknown, i) => {
    if (isSafeInt(t) && t >= tpd) {
      out.add(joinPath(joinPath('lsm_config.schedule', 'at_ticks'), i), `${t} is not a tick of the day (expected 0 ≤ t < ticks_per_day = ${tpd}, or last)`);
    }
  });
}

/** Keys are other agents' ids; a non-empty map needs some positive weight. */
function checkWeights(weights: unknown, path: string, self: string | undefined, ids: Map<string, number>, out: Collector): void {
  if (!isRecord(weights)) return;
  let sum = 0;
  let allNumbers = true;
  // Keys, not entries: a weights map has one key per bank, and a pair array per key adds up.
  for (const key of Object.keys(weights)) {
    const weight = weights[key];
    if (!ids.has(key)) out.add(joinPath(path, key), `unknown agent id ${show(key)} (expected ${idList(ids, self)})`);
    else if (key === self) out.add(joinPath(path, key), `an agent cannot pay itself (expected ${idList(ids, self)})`);
    if (typeof weight === 'number' && Number.isFinite(weight) && weight >= 0) sum += weight;
    else allNumbers = false;
  }
  if (allNumbers && Object.keys(weights).length > 0 && !(sum > 0)) {
    out.add(path, 'all weights are 0 (expected a positive sum, or an empty map for uniform choice)');
  }
}

function checkDeadlineRange(range: unknown, path: string, out: Collector): void {
  if (!Array.isArray(range) || range.length !== 2) return;
  const [min, max] = range as [unknown, unknown];
  if (isSafeInt(min) && isSafeInt(max) && min >= 1 && max < min) {
    out.add(joinPath(path, 1), `${max} is below min ${min} (expected max ≥ min)`);
  }
}

/** Guards against sums that would stop being exact in the engine (balances, liquidity). */
function checkTotals(agents: readonly unknown[], out: Collector): void {
  let total = 0;
  agents.forEach((agent, i) => {
    if (!isRecord(agent)) return;
    const balance = agent['opening_balance'];
    if (!isSafeInt(balance)) return;
    total += Math.abs(balance);
    const liquidity = balance + safeOrZero(agent['credit_limit']) + safeOrZero(agent['posted_collateral']);
    if (!Number.isSafeInteger(liquidity)) {
      out.add(
        joinPath(joinPath('agents', i), 'opening_balance'),
        'opening_balance + credit_limit + posted_collateral is not a safe integer (expected a total below 2^53 cents)',
      );
    }
  });
  if (!Number.isSafeInteger(total)) {
    out.add('agents', 'the opening balances add up to more than 2^53 cents in absolute value (expected a safe integer total)');
  }
}

/** ticks_per_day × num_days when both are valid, else null. */
function runTicks(sim: unknown): number | null {
  if (!isRecord(sim)) return null;
  const tpd = sim['ticks_per_day'];
  const days = sim['num_days'];
  return isPositiveInt(tpd) && isPositiveInt(days) ? tpd * days : null;
}

function checkEvent(event: unknown, path: string, ids: Map<string, number>, ticks: number | null, out: Collector): void {
  if (!isRecord(event)) return;
  const hasAt = 'at_tick' in event;
  const hasEvery = 'every' in event;
  if (hasAt === hasEvery) {
    out.add(path, `${hasAt ? 'both at_tick and every given' : 'no schedule'} (expected exactly one of at_tick or every)`);
  }
  const every = event['every'];
  let lastTick: number | null = isSafeInt(event['at_tick']) && !hasEvery ? event['at_tick'] : null;
  const start = isRecord(every) ? every['start'] : undefined;
  const until = isRecord(every) ? every['until'] : undefined;
  const interval = isRecord(every) ? every['interval'] : undefined;
  if (isSafeInt(start) && isSafeInt(until) && !hasAt) {
    if (until < start) out.add(joinPath(joinPath(path, 'every'), 'until'), `${until} is before start ${start} (expected until ≥ start)`);
    else if (isPositiveInt(interval)) lastTick = start + Math.floor((until - start) / interval) * interval;
  }
  const type = event['type'];
  for (const key of ['agent', 'sender', 'receiver']) {
    const id = event[key];
    if (typeof id === 'string' && id.trim() !== '' && !ids.has(id)) {
      out.add(joinPath(path, key), `unknown agent id ${show(id)} (expected ${idList(ids, undefined)})`);
    }
  }
  if (type === 'liquidity_shock' && !('balance_change' in event) && !('credit_limit_change' in event)) {
    out.add(path, 'a liquidity_shock changes nothing (expected balance_change and/or credit_limit_change)');
  }
  if (type === 'counterparty_weights') {
    const agent = typeof event['agent'] === 'string' ? event['agent'] : undefined;
    checkWeights(event['weights'], joinPath(path, 'weights'), agent, ids, out);
  }
  if (type === 'payment') checkPaymentEvent(event, path, lastTick, out);
  if (type === 'participant_failure') checkFailureEvent(event, path, ticks, out);
  if (type === 'emergency_injection') checkInRun(event, path, ticks, out);
}

/** An event that must fire within the run: its (first) tick before the end. */
function checkInRun(event: Record<string, unknown>, path: string, ticks: number | null, out: Collector): void {
  const every = event['every'];
  const [at, where] = 'every' in event ? [isRecord(every) ? every['start'] : undefined, joinPath(joinPath(path, 'every'), 'start')] : [event['at_tick'], joinPath(path, 'at_tick')];
  if (isSafeInt(at) && ticks !== null && at >= ticks) {
    out.add(where, `${at} is after the end of the run (expected a tick < ${ticks}, ticks_per_day × num_days)`);
  }
}

/**
 * The central bank's facility (docs/engine.md): per-agent collateral names agents of the scenario,
 * and each agent's capacity, Σ value × (1 − haircut), stays a safe integer.
 */
function checkCentralBank(doc: Record<string, unknown>, ids: Map<string, number>, out: Collector): void {
  const facility = doc['cb_credit_facility'];
  if (!isRecord(facility)) return;
  const holdingsTotal = (list: unknown): number | null => {
    if (!Array.isArray(list)) return null;
    let total = 0;
    for (const h of list) if (isRecord(h) && isSafeInt(h['value']) && h['value'] >= 0) total += h['value'];
    return total;
  };
  const tooMuch = (path: string, total: number | null): void => {
    if (total !== null && !Number.isSafeInteger(total)) {
      out.add(path, `the holdings' values add up to ${total} cents (expected a total below 2^53 cents)`);
    }
  };
  tooMuch('cb_credit_facility.collateral', holdingsTotal(facility['collateral']));
  const agents = facility['agents'];
  if (!isRecord(agents)) return;
  for (const [key, own] of Object.entries(agents)) {
    const path = joinPath(joinPath('cb_credit_facility', 'agents'), key);
    if (!ids.has(key)) out.add(path, `unknown agent id ${show(key)} (expected ${idList(ids, undefined)})`);
    if (isRecord(own)) tooMuch(joinPath(path, 'collateral'), holdingsTotal(own['collateral']));
  }
}

/** What the schema cannot say about a participant_failure (docs/engine.md, "Participant failures"). */
function checkFailureEvent(event: Record<string, unknown>, path: string, ticks: number | null, out: Collector): void {
  if ('every' in event) out.add(joinPath(path, 'every'), 'a participant fails once (expected at_tick, not every)');
  const at = event['at_tick'];
  if (isSafeInt(at) && ticks !== null && at >= ticks) {
    out.add(joinPath(path, 'at_tick'), `${at} is after the end of the run (expected a tick < ${ticks}, ticks_per_day × num_days)`);
  }
  const mode = event['mode'];
  if (mode === 'partial' && !('share' in event)) out.add(path, 'a partial failure needs its share (expected share, 0..1)');
  if (mode !== 'partial' && 'share' in event && typeof mode === 'string') {
    out.add(joinPath(path, 'share'), `share is for mode partial (this failure is ${show(mode)})`);
  }
  if (mode === 'default' && 'duration' in event) {
    out.add(joinPath(path, 'duration'), 'a default lasts to the end of the run (expected no duration; use mode operational for a bounded failure)');
  }
  if (event['reject_incoming'] === true) {
    if (mode !== 'default' && typeof mode === 'string') {
      out.add(joinPath(path, 'reject_incoming'), `only a default rejects incoming payments (this failure is ${show(mode)})`);
    } else if (!('announce_after' in event)) {
      out.add(joinPath(path, 'reject_incoming'), 'rejection starts when the failure is announced (expected announce_after)');
    }
  }
}

function checkPaymentEvent(event: Record<string, unknown>, path: string, lastTick: number | null, out: Collector): void {
  const sender = event['sender'];
  if (typeof sender === 'string' && sender === event['receiver']) {
    out.add(joinPath(path, 'receiver'), `${show(sender)} is the sender (expected another agent)`);
  }
  const hasTick = 'deadline_tick' in event;
  const hasOffset = 'deadline_offset' in event;
  if (hasTick === hasOffset) {
    out.add(path, `${hasTick ? 'both deadline_tick and deadline_offset given' : 'no deadline'} (expected exactly one of deadline_tick or deadline_offset)`);
  }
  const deadline = event['deadline_tick'];
  if (!hasOffset && isSafeInt(deadline) && lastTick !== null && deadline <= lastTick) {
    out.add(
      joinPath(path, 'deadline_tick'),
      `${deadline} is not after the tick the payment is injected at (${lastTick}) (expected a deadline_tick > ${lastTick})`,
    );
  }
}

function idList(ids: Map<string, number>, except: string | undefined): string {
  const list = [...ids.keys()].filter((id) => id !== except);
  if (list.length === 0) return "another agent's id (there is none)";
  const shown = list.length > 12 ? [...list.slice(0, 12), `… ${list.length - 12} more`] : list;
  return `one of ${shown.join(', ')}`;
}

function isSafeInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

function isPositiveInt(x: unknown): x is number {
  return isSafeInt(x) && x > 0;
}

function safeOrZero(x: unknown): number {
  return isSafeInt(x) ? x : 0;
}
