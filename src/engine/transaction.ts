// A payment order and its lifecycle (engine.md §4).

import type { PaymentView } from '../policy/decision.js';
import type { DropReason, SettledBy, TxOrigin, TxStatus } from './vocabulary.js';

export type { DropReason, SettledBy, TxOrigin, TxStatus } from './vocabulary.js';

/**
 * A new payment order, the one shape behind every way a payment enters the engine: random
 * arrivals, `payment` scenario events, external submissions (API) and replayed orders.
 */
export interface PaymentOrder {
  readonly sender: number;
  readonly receiver: number;
  readonly amount: number;
  readonly deadlineTick: number;
  readonly priority: number;
  readonly divisible: boolean;
  readonly origin: TxOrigin;
}

export class Transaction implements PaymentView {
  status: TxStatus = 'queued_q1';
  settledTick = -1;
  settledBy: SettledBy | null = null;
  /** Tick the policy released (or split) it; -1 while never released. */
  submittedTick = -1;
  /** Order of entry into Q2 (global counter); the multilateral batch removes the latest first. */
  q2EntrySeq = -1;
  /**
   * Cent-ticks this payment waited where delay accrues: Σ remaining over those ticks, an exact
   * integer. Its delay cost is round(rate × this), worked out exactly when the record is built
   * (costs.ts `paymentDelayCost`; docs/engine.md).
   */
  delayHeld = 0;
  /** Cent-ticks beyond 2^53 − 1, moved here so `delayHeld` stays an exact integer (null: none). */
  delayHeldCarry: bigint | null = null;
  deadlinePenalty = 0;
  eodPenalty = 0;
  splitFriction = 0;
  /** Last tick a sender limit held it back (event limit_blocked once per payment and tick); not checkpointed, as it only matters within a tick. */
  limitBlockedTick = -1;
  /** Cost of the end-of-day backstop loan that settled it (engine.md §9b), in cents. */
  backstopCost = 0;
  dropReason: DropReason | null = null;
  /** Child ids of a split parent, else null. */
  children: number[] | null = null;
  /** Children of a split parent not yet settled or dropped. */
  openChildren = 0;
  /** A split parent with a dropped child can never settle in full. */
  childDropped = false;

  constructor(
    readonly id: number,
    readonly sender: number,
    readonly receiver: number,
    readonly amount: number,
    public remaining: number,
    readonly arrivalTick: number,
    readonly deadlineTick: number,
    readonly priority: number,
    readonly divisible: boolean,
    readonly parentId: number,
    readonly origin: TxOrigin,
  ) {}
}
