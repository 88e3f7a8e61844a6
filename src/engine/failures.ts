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
  restrict(tick: number, txs: readonly Transaction[], agent: number, q1: readonly number[], decisions: PaymentDecision[]): void {
    if (!this.partialActive(agent, tick)) return;
    let ordered = this.partialOrdered[agent]!;
    let seen = this.partialSeen[agent]!;
    for (let i = 0; i < q1.length; i++) {
      const id = q1[i]!;
      if (id > seen) {
        ordered += txs[id]!.amount;
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
      const amount = txs[q1[i]!]!.remaining;
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

export function restoreFailures(numAgents: number, saved: FailuresCheckpoint): Failures {
  const f = new Failures(numAgents);
  for (const [key, array] of fields(f)) array.set(saved[key]);
  f.anyRejecting = f.rejectFrom.some((tick) => tick !== NEVER);
  return f;
}
