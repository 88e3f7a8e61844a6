// A payment order and its lifecycle (engine.md §4).

import type { PaymentView } from '../policy/decision.js';

/**
 * queued_q1 → (pending, inside one tick) → queued_q2 → settled; or dropped; a split parent
 * becomes `split` and turns `settled` when its last child settles (`dropped` when all its
 * children are done and one of them was dropped).
 */
export type TxStatus = 'queued_q1' | 'pending' | 'queued_q2' | 'settled' | 'dropped' | 'split';

export type SettledBy = 'rtgs' | 'queue' | 'bilateral' | 'cycle' | 'multilateral';

/** Where a payment order came from. */
export type TxOrigin = 'arrival' | 'event' | 'external' | 'split';

/** Why a payment was dropped: its deadline passed (steps 4 and 7) or its policy gave it up. */
export type DropReason = 'expired' | 'policy';

export class Transaction implements PaymentView {
  status: TxStatus = 'queued_q1';
  settledTick = -1;
  settledBy: SettledBy | null = null;
  /** Tick the policy released (or split) it; -1 while never released. */
  submittedTick = -1;
  /** Order of entry into Q2 (global counter); the multilateral batch removes the latest first. */
  q2EntrySeq = -1;
  /** Delay cost attributed to this payment: exact per-tick products, unrounded (see docs/engine.md). */
  delayCost = 0;
  deadlinePenalty = 0;
  eodPenalty = 0;
  splitFriction = 0;
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
