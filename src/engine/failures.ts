// Participant failures (`participant_failure` scenario events; docs/engine.md, "Participant
// failures"). A failed participant keeps receiving; what it stops doing depends on the mode:
//
// - operational: it releases nothing from its Q1 (like an outage) for `duration` ticks or to the
//   end of the day. What it already submitted stays in Q2 and may settle there or in the LSM.
// - partial: for the same span its policy decides as usual, but it releases (or splits) an order
//   only while the value released since the failure stays within `share` × the value of the
//   orders it held or received since the failure (in Q1 order); the rest it holds.
// - default: from the failure to the end of the run it pays nothing. Its Q2 payments are taken
//   back out of the central queue into its Q1 (the operator suspends its sending), so no Q2 pass,
//   LSM set, facility or end-of-day backstop can settle them; its Q1 is never released. Its
//   payments expire at their deadlines like anyone's.
//
// A failure is public from `announce_after` ticks after it (never without it): from then the
// policies' `counterparty_failed` reads 1 for it while the failure lasts. With `reject_incoming`
// (default only) the RTGS rejects every payment addressed to it from the announcement on: those
// waiting in Q2 then, and any released later, are dropped with reason `rejected` and no penalty
// (the sender keeps its money; the obligation is settled outside the system).
//
// A participant in default stays in default: a later failure event for it changes nothing.
// Otherwise a later failure replaces the earlier one.

import type { PaymentDecision } from '../policy/decision.js';
import type { ParticipantFailureEvent } from './config.js';
import { drop, returnToQ1 } from './settlement.js';
import type { SimState } from './state.js';
import type { Transaction } from './transaction.js';

/** A tick no run reaches (ticks are 32-bit): "never" and "to the end of the run". */
export const NEVER = 2_147_483_647;

const HOLD_REASON = 'participant_failure';

/** Failure state per agent, created when the first failure fires. */
export class Failures {
  /** The failure's first tick (NEVER: never failed). */
  readonly failedFrom: Int32Array;
  /** First tick after the failure (NEVER: to the end of the run; a default). */
  readonly failedUntil: Int32Array;
  /** Tick from which the failure is public (NEVER: not announced). */
  readonly announcedFrom: Int32Array;
  /** Tick from which the RTGS rejects payments addressed to the agent (NEVER: none). */
  readonly rejectFrom: Int32Array;
  /** 1 while the failure is a default (from its tick on, for good). */
  readonly defaulted: Uint8Array;
  /** A partial failure: its share, and the value of orders counted and released since it began. */
  readonly partialShare: Float64Array;
  readonly partialOrdered: Float64Array;
  readonly partialReleased: Float64Array;
  /** Highest transaction id counted into partialOrdered (Q1 holds ids in increasing order). */
  readonly partialSeen: Int32Array;
  /** Whether some agent rejects incoming payments now or later (a fast path for the policy step). */
  anyRejecting = false;

  constructor(numAgents: number) {
    this.failedFrom = new Int32Array(numAgents).fill(NEVER);
    this.failedUntil = new Int32Array(numAgents);
    this.announcedFrom = new Int32Array(numAgents).fill(NEVER);
    this.rejectFrom = new Int32Array(numAgents).fill(NEVER);
    this.defaulted = new Uint8Array(numAgents);
    this.partialShare = new Float64Array(numAgents).fill(-1);
    this.partialOrdered = new Float64Array(numAgents);
    this.partialReleased = new Float64Array(numAgents);
    this.partialSeen = new Int32Array(numAgents).fill(-1);
  }

  /** Whether the agent is failed (any mode) at `tick`. */
  isFailed(agent: number, tick: number): boolean {
    return this.failedFrom[agent]! <= tick && tick < this.failedUntil[agent]!;
  }

  /** Whether the agent's failure is public and still lasting at `tick` (the policies' `counterparty_failed`). */
  isAnnounced(agent: number, tick: number): boolean {
    return this.announcedFrom[agent]! <= tick && tick < this.failedUntil[agent]!;
  }

  /** Whether the agent is in default at `tick`: the backstop and central-bank credit do not pay into it. */
  inDefault(agent: number, tick: number): boolean {
    return this.defaulted[agent] === 1 && this.failedFrom[agent]! <= tick;
  }

  rejects(agent: number, tick: number): boolean {
    return this.rejectFrom[agent]! <= tick;
  }

  private partialActive(agent: number, tick: number): boolean {
    return this.partialShare[agent]! >= 0 && this.isFailed(agent, tick);
  }

  /**
   * Partial failure, in the policy step: of the orders the policy releases or splits, those that
   * would take the value released since the failure beyond share × the value of its orders are
   * held instead (reason `participant_failure`), in Q1 order.
   */
  restrict(state: SimState, agent: number, q1: readonly number[], decisions: PaymentDecision[]): void {
    if (!this.partialActive(agent, state.tick)) return;
    let ordered = this.partialOrdered[agent]!;
    let seen = this.partialSeen[agent]!;
    for (let i = 0; i < q1.length; i++) {
      const id = q1[i]!;
      if (id > seen) {
        ordered += state.txs[id]!.amount;
        seen = id;
      }
    }
    this.partialOrdered[agent] = ordered;
    this.partialSeen[agent] = seen;
    const budget = this.partialShare[agent]! * ordered;
    let released = this.partialReleased[agent]!;
    for (let i = 0; i < q1.length; i++) {
      const decision = decisions[i]!;
      if (decision.action !== 'Release' && decision.action !== 'Split') continue;
      const amount = state.txs[q1[i]!]!.remaining;
      if (released + amount <= budget) {
        released += amount;
        continue;
      }
      decision.action = 'Hold';
      decision.reason = HOLD_REASON;
    }
    this.partialReleased[agent] = released;
  }

  /** Whether the RTGS rejects this payment, which its sender's policy has just released. */
  rejectsRelease(tx: Transaction, decision: PaymentDecision, tick: number): boolean {
    return decision.action !== 'Hold' && decision.action !== 'Drop' && this.rejectFrom[tx.receiver]! <= tick;
  }
}

/** The run's failure state, created when a failure first fires. */
export function failuresOf(state: SimState): Failures {
  return (state.failures ??= new Failures(state.numAgents));
}

/** Step 1: a `participant_failure` event fires for `agent` at the current tick. */
export function applyFailure(state: SimState, agent: number, event: ParticipantFailureEvent): void {
  const failures = failuresOf(state);
  const tick = state.tick;
  if (failures.inDefault(agent, tick)) return;
  const dayEnd = (Math.floor(tick / state.ticksPerDay) + 1) * state.ticksPerDay;
  const until = event.mode === 'default' ? NEVER : Math.min(NEVER, event.duration === undefined ? dayEnd : tick + event.duration);
  failures.failedFrom[agent] = tick;
  failures.failedUntil[agent] = until;
  failures.announcedFrom[agent] = event.announce_after === undefined ? NEVER : Math.min(NEVER, tick + event.announce_after);
  failures.rejectFrom[agent] = event.mode === 'default' && event.reject_incoming === true ? failures.announcedFrom[agent]! : NEVER;
  if (failures.rejectFrom[agent] !== NEVER) failures.anyRejecting = true;
  failures.partialShare[agent] = event.mode === 'partial' ? event.share ?? 0 : -1;
  failures.partialOrdered[agent] = 0;
  failures.partialReleased[agent] = 0;
  failures.partialSeen[agent] = -1;
  switch (event.mode) {
    case 'operational':
      state.outageUntil[agent] = Math.max(state.outageUntil[agent]!, until);
      break;
    case 'partial':
      break;
    case 'default':
      failures.defaulted[agent] = 1;
      state.outageUntil[agent] = NEVER;
      withdrawQueued(state, agent);
      break;
  }
}

/** A defaulted participant's Q2 payments go back to its Q1, in Q2 order, where nothing releases them. */
function withdrawQueued(state: SimState, agent: number): void {
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status === 'queued_q2' && tx.sender === agent) returnToQ1(state, tx);
  }
}

/**
 * Step 1, after the tick's scenario events: a failure announced now with `reject_incoming`
 * rejects every payment to it waiting in Q2 (later ones are rejected as they are released).
 */
export function rejectOnAnnouncement(state: SimState): void {
  const failures = state.failures;
  if (failures === null || !failures.anyRejecting) return;
  const tick = state.tick;
  let due = false;
  for (let agent = 0; agent < state.numAgents; agent++) if (failures.rejectFrom[agent] === tick) due = true;
  if (!due) return;
  for (const id of state.q2) {
    const tx = state.txs[id]!;
    if (tx.status === 'queued_q2' && failures.rejectFrom[tx.receiver] === tick) drop(state, tx, 'rejected');
  }
}

/** The failure state in a checkpoint: one array per field, one entry per agent. */
export interface FailuresCheckpoint {
  readonly failed_from: number[];
  readonly failed_until: number[];
  readonly announced_from: number[];
  readonly reject_from: number[];
  readonly defaulted: number[];
  readonly partial_share: number[];
  readonly partial_ordered: number[];
  readonly partial_released: number[];
  readonly partial_seen: number[];
}

/** Each checkpoint field, the state's array behind it and the range of its entries. */
function fields(f: Failures): ReadonlyArray<readonly [keyof FailuresCheckpoint, Int32Array | Uint8Array | Float64Array, number, number]> {
  return [
    ['failed_from', f.failedFrom, 0, NEVER],
    ['failed_until', f.failedUntil, 0, NEVER],
    ['announced_from', f.announcedFrom, 0, NEVER],
    ['reject_from', f.rejectFrom, 0, NEVER],
    ['defaulted', f.defaulted, 0, 1],
    ['partial_share', f.partialShare, -1, 1],
    ['partial_ordered', f.partialOrdered, 0, Number.MAX_SAFE_INTEGER],
    ['partial_released', f.partialReleased, 0, Number.MAX_SAFE_INTEGER],
    ['partial_seen', f.partialSeen, -1, NEVER],
  ];
}

/** The keys of FailuresCheckpoint with the range of their entries, for checkpoint-check.ts. */
export const FAILURE_CHECKPOINT_RANGES: ReadonlyArray<readonly [keyof FailuresCheckpoint, number, number]> = fields(new Failures(0)).map(
  ([key, , min, max]) => [key, min, max] as const,
);

export function saveFailures(f: Failures): FailuresCheckpoint {
  return Object.fromEntries(fields(f).map(([key, array]) => [key, Array.from(array)])) as unknown as FailuresCheckpoint;
}

export function restoreFailures(state: SimState, saved: FailuresCheckpoint): void {
  const f = new Failures(state.numAgents);
  for (const [key, array] of fields(f)) array.set(saved[key]);
  f.anyRejecting = f.rejectFrom.some((tick) => tick !== NEVER);
  state.failures = f;
}
