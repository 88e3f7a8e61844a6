// Step 1: scenario events due at this tick, in list order (engine.md §9). An effect with a
// duration N that fires at tick t lasts for ticks t … t+N−1.
//
// Events are found through an index, not by scanning the list every tick: a scripted scenario
// with 10 payment events per tick would otherwise cost O(ticks × events).

import { DEFAULT_DIVISIBLE, DEFAULT_PRIORITY, type ScenarioEvent } from './config.js';
import type { ScenarioEventData } from './events.js';
import { applyFailure } from './failure-events.js';
import { injectByEvent } from './central-bank.js';
import { enterQ1 } from './settlement.js';
import type { SimState } from './state.js';

export function isDue(event: ScenarioEvent, tick: number): boolean {
  if ('at_tick' in event) return event.at_tick === tick;
  const { start, interval, until } = event.every;
  return tick >= start && tick <= until && (tick - start) % interval === 0;
}

/** The first tick ≥ `tick` at which a periodic event fires, or null when it never fires again. */
function nextFiring(every: { readonly start: number; readonly interval: number; readonly until: number }, tick: number): number | null {
  const next = tick <= every.start ? every.start : every.start + Math.ceil((tick - every.start) / every.interval) * every.interval;
  return next <= every.until ? next : null;
}

/** How many times `event` fires at ticks from ≤ t < to. */
export function firingsBetween(event: ScenarioEvent, from: number, to: number): number {
  if ('at_tick' in event) return event.at_tick >= from && event.at_tick < to ? 1 : 0;
  const first = nextFiring(event.every, from);
  if (first === null || first >= to) return 0;
  const last = Math.min(to - 1, event.every.until);
  return Math.floor((last - first) / event.every.interval) + 1;
}

/**
 * A bound on the payments `events` create at ticks from ≤ t < to besides the arrivals: each
 * firing of a `payment` event is one payment. (Used to bound the work of a request before it runs.)
 */
export function scriptedPaymentsBetween(events: readonly ScenarioEvent[], from: number, to: number): number {
  let n = 0;
  for (const event of events) if (event.type === 'payment') n += firingsBetween(event, from, to);
  return n;
}

/** The largest arrival-rate multiplier `events` set (1 when none is above 1): a bound on the rate. */
export function largestRateMultiplier(events: readonly ScenarioEvent[]): number {
  let most = 1;
  for (const event of events) if (event.type === 'arrival_rate' && event.multiplier > most) most = event.multiplier;
  return most;
}

const NONE: readonly number[] = [];

/**
 * Which events of a scenario's list are due at a tick. One-off events are indexed by their tick;
 * each periodic event keeps a cursor, the next tick it fires at, which moves on when it fires.
 * Ticks are asked in increasing order; any other step (a resumed checkpoint) re-seats the
 * cursors from the tick asked.
 */
export class EventSchedule {
  private readonly once = new Map<number, number[]>();
  /** Positions of the periodic events, in list order, and the next tick each fires at (−1: never again). */
  private readonly periodic: number[] = [];
  private readonly cursor: number[] = [];
  private expected = -1;
  /** Reused for ticks where both kinds fire. */
  private readonly merged: number[] = [];

  /** The scenario's events, then any added while the simulation runs (`add`). */
  private readonly events: ScenarioEvent[];

  constructor(events: readonly ScenarioEvent[]) {
    this.events = [];
    for (const event of events) this.index(event, -1);
  }

  /** Event `i` of the list (the scenario's, then the added ones). */
  event(i: number): ScenarioEvent {
    return this.events[i]!;
  }

  /**
   * Adds an event after those already listed (so it fires after them within a tick). `fromTick`
   * is the next tick to be processed; the caller makes sure the event fires no earlier.
   */
  add(event: ScenarioEvent, fromTick: number): void {
    this.index(event, fromTick);
  }

  private index(event: ScenarioEvent, fromTick: number): void {
    const i = this.events.length;
    this.events.push(event);
    if ('at_tick' in event) {
      const at = this.once.get(event.at_tick);
      if (at === undefined) this.once.set(event.at_tick, [i]);
      else at.push(i);
    } else {
      this.periodic.push(i);
      // −1 until the first dueAt seats every cursor; later, seated at once from the next tick.
      this.cursor.push(fromTick < 0 ? -1 : this.firing(i, fromTick));
    }
  }

  /** Positions in the event list of the events due at `tick`, in list order (valid until the next call). */
  dueAt(tick: number): readonly number[] {
    const once = this.once.get(tick) ?? NONE;
    const periodic = this.periodic;
    if (periodic.length === 0) return once;
    if (tick !== this.expected) this.seat(tick);
    this.expected = tick + 1;
    const merged = this.merged;
    merged.length = 0;
    let o = 0;
    for (let p = 0; p < periodic.length; p++) {
      if (this.cursor[p] !== tick) continue;
      const i = periodic[p]!;
      while (o < once.length && once[o]! < i) merged.push(once[o++]!);
      merged.push(i);
      this.cursor[p] = this.firing(i, tick + 1);
    }
    if (merged.length === 0) return once;
    while (o < once.length) merged.push(once[o++]!);
    return merged;
  }

  private seat(tick: number): void {
    for (let p = 0; p < this.periodic.length; p++) this.cursor[p] = this.firing(this.periodic[p]!, tick);
  }

  /** The first tick ≥ `from` at which periodic event `i` fires, or −1. */
  private firing(i: number, from: number): number {
    const event = this.events[i]!;
    if ('at_tick' in event) return -1;
    return nextFiring(event.every, from) ?? -1;
  }
}

/** `createPayments` false: a replay brings the recorded payments itself, so `payment` events are skipped. */
export function applyScenarioEvents(
  state: SimState,
  schedule: EventSchedule,
  agentIndex: ReadonlyMap<string, number>,
  createPayments: boolean,
): void {
  const due = schedule.dueAt(state.tick);
  if (due.length === 0) return;
  const tick = state.tick;
  const index = (id: string): number => {
    const i = agentIndex.get(id);
    if (i === undefined) throw new Error(`scenario event names unknown agent '${id}'`);
    return i;
  };
  for (const i of due) {
    const event = schedule.event(i);
    if (event.type === 'payment' && !createPayments) continue;
    let agent: number | null = null;
    switch (event.type) {
      case 'outage':
        agent = index(event.agent);
        state.outageUntil[agent] = Math.max(state.outageUntil[agent]!, tick + event.duration);
        break;
      case 'rtgs_outage':
        state.rtgsOutageUntil = Math.max(state.rtgsOutageUntil, tick + event.duration);
        break;
      case 'lsm_off':
        state.lsmOffUntil = Math.max(state.lsmOffUntil, tick + event.duration);
        break;
      case 'liquidity_shock':
        agent = index(event.agent);
        if (event.balance_change) state.bookExternal(agent, event.balance_change);
        if (event.credit_limit_change) {
          // A credit line cannot go below zero; a cut larger than the line removes it.
          state.creditLimits[agent] = Math.max(0, state.creditLimits[agent]! + event.credit_limit_change);
        }
        break;
      case 'arrival_rate':
        agent = event.agent === undefined ? null : index(event.agent);
        state.arrivals.setRateMultiplier(agent, event.multiplier);
        break;
      case 'payment': {
        agent = index(event.sender);
        const deadlineTick = event.deadline_tick ?? tick + (event.deadline_offset ?? 0);
        enterQ1(state, {
          sender: agent,
          receiver: index(event.receiver),
          amount: event.amount,
          deadlineTick,
          priority: event.priority ?? DEFAULT_PRIORITY,
          divisible: event.divisible ?? DEFAULT_DIVISIBLE,
          origin: 'event',
        });
        break;
      }
      case 'counterparty_weights':
        agent = index(event.agent);
        state.arrivals.setCounterpartyWeights(agent, event.weights);
        break;
      case 'participant_failure':
        agent = index(event.agent);
        applyFailure(state, agent, event);
        break;
      case 'emergency_injection':
        agent = index(event.agent);
        injectByEvent(state, agent, event.amount, event.rate_bps);
        break;
    }
    if (state.recordingEvents) state.emit('scenario_event', agent, null, firedData(event));
  }
}

function firedData(event: ScenarioEvent): ScenarioEventData {
  const { type, ...details } = event;
  // The rest keeps the fields of this event's variant; TypeScript loses the link to `type` in a union's rest.
  return { event_type: type, ...details } as ScenarioEventData;
}
