// Moving payments between places and settling them: Q1 entry, release, Q2 entry, the Q2 retry
// pass (step 7), settlement and drops (RTGS entry, step 6, is rtgs-entry.ts). Every transition
// keeps the incremental aggregates of SimState in step, so that "every payment is in exactly one
// place" holds.

import { brokenPrimitive, outsideMoney } from './assert.js';
import { drawForPayment } from './central-bank.js';
import { BAND_COUNT, bandOf } from './designs.js';
import type { LimitStage } from './events.js';
import { recordOrderForBounds } from './liquidity-bounds.js';
import { SENT_BY } from './metrics.js';
import type { SimState } from './state.js';
import { type DropReason, type PaymentOrder, type SettledBy, Transaction } from './transaction.js';

/** Creates a payment order at the current tick and appends it to its sender's Q1. */
export function enterQ1(state: SimState, order: PaymentOrder): Transaction {
  const p = state.designs.deadlineCap ? capDeadline(state, order) : order;
  // Checked before anything changes, so a refused payment (over the API) leaves the state whole.
  const q1Value = state.q1Values[p.sender]! + p.amount;
  if (outsideMoney(q1Value)) state.checkMoney('Q1 value', p.sender, q1Value);
  const id = state.txs.length;
  const tx = new Transaction(
    id,
    p.sender,
    p.receiver,
    p.amount,
    p.amount,
    state.tick,
    p.deadlineTick,
    p.priority,
    p.divisible,
    -1,
    p.origin,
  );
  state.txs.push(tx);
  state.q1[p.sender]!.push(id);
  state.q1Values[p.sender] = q1Value;
  state.day.arrivals[p.sender]! += 1;
  state.day.arrivals_value[p.sender]! += p.amount;
  recordOrderForBounds(state.day, p.sender, p.receiver, p.amount);
  if (state.recordingEvents) {
    state.emit('arrival', p.sender, id, {
      receiver: state.ids[p.receiver],
      amount: p.amount,
      deadline_tick: p.deadlineTick,
      priority: p.priority,
      divisible: p.divisible,
      origin: p.origin,
    });
  }
  return tx;
}

/** deadline_cap_at_eod: the deadline moves back to the last tick of the arrival day if beyond it. */
function capDeadline(state: SimState, order: PaymentOrder): PaymentOrder {
  const dayEnd = (Math.floor(state.tick / state.ticksPerDay) + 1) * state.ticksPerDay - 1;
  return order.deadlineTick > dayEnd ? { ...order, deadlineTick: dayEnd } : order;
}

/** A Q1 payment released by its policy: leaves Q1's aggregates (the caller rebuilds Q1) and joins the pending list. */
export function releaseFromQ1(state: SimState, tx: Transaction): void {
  state.q1Values[tx.sender]! -= tx.remaining;
  markSubmitted(state, tx);
}

function markSubmitted(state: SimState, tx: Transaction): void {
  tx.status = 'pending';
  tx.submittedTick = state.tick;
  state.pending.push(tx.id);
  state.day.submitted[tx.sender]! += 1;
  state.day.submitted_value[tx.sender]! += tx.amount;
}

/** Creates split children of a Q1 payment straight onto the pending list (engine.md §5 step 5). */
export function splitIntoChildren(state: SimState, parent: Transaction, parts: number): number[] {
  state.q1Values[parent.sender]! -= parent.remaining;
  parent.status = 'split';
  parent.submittedTick = state.tick;
  const share = Math.floor(parent.amount / parts);
  const childIds: number[] = [];
  for (let i = 0; i < parts; i++) {
    const amount = i === parts - 1 ? parent.amount - share * (parts - 1) : share;
    const id = state.txs.length;
    const child = new Transaction(
      id,
      parent.sender,
      parent.receiver,
      amount,
      amount,
      parent.arrivalTick,
      parent.deadlineTick,
      parent.priority,
      parent.divisible,
      parent.id,
      'split',
    );
    state.txs.push(child);
    child.status = 'pending';
    child.submittedTick = state.tick;
    state.pending.push(id);
    childIds.push(id);
  }
  parent.children = childIds;
  parent.openChildren = parts;
  state.day.submitted[parent.sender]! += 1;
  state.day.submitted_value[parent.sender]! += parent.amount;
  return childIds;
}

/** Appends a payment to Q2's tail and counts it in Q2's aggregates (RTGS entry, rtgs-entry.ts). */
export function enterQ2(state: SimState, tx: Transaction): void {
  // Only a released payment (or split child) waiting for RTGS entry joins Q2, and only once.
  if (tx.status !== 'pending') brokenPrimitive('one place', state.tick, `payment ${tx.id} enters Q2 while ${tx.status}`);
  tx.status = 'queued_q2';
  tx.q2EntrySeq = state.q2EntryCounter++;
  state.q2.push(tx.id);
  state.q2Live += 1;
  // The total bounds every agent's Q2 sums, so one check covers them all.
  const q2Total = (state.q2Total += tx.remaining);
  if (outsideMoney(q2Total)) state.checkMoney('Q2 value', null, q2Total);
  state.q2CountsOut[tx.sender]! += 1;
  state.q2ValuesOut[tx.sender]! += tx.remaining;
  state.q2ValuesIn[tx.receiver]! += tx.remaining;
  if (state.designs.fifo) state.q2BandCounts[bandSlot(state, tx)]! += 1;
  state.q2Version++;
}

/** The sender × band slot of `q2BandCounts` (one band per sender without priority bands). */
export function bandSlot(state: SimState, tx: Transaction): number {
  return tx.sender * BAND_COUNT + (state.designs.bands ? bandOf(tx.priority) : 0);
}

function leaveQ2(state: SimState, tx: Transaction): void {
  // Callers leave Q2 only for a payment in it; the count of live entries can then never go negative.
  if (state.q2Live <= 0 || state.q2CountsOut[tx.sender]! <= 0) {
    brokenPrimitive('aggregates', state.tick, `payment ${tx.id} leaves Q2, which holds no payment of ${state.ids[tx.sender]}`);
  }
  state.q2Live -= 1;
  state.q2Total -= tx.remaining;
  state.q2CountsOut[tx.sender]! -= 1;
  state.q2ValuesOut[tx.sender]! -= tx.remaining;
  state.q2ValuesIn[tx.receiver]! -= tx.remaining;
  if (state.designs.fifo) state.q2BandCounts[bandSlot(state, tx)]! -= 1;
  state.q2Version++;
}

/**
 * A Q2 payment taken back to the end of its sender's Q1 (a defaulted sender; engine/failures.ts).
 * Its slot in `state.q2` stays (stale) until the next Q2 pass compacts Q2.
 */
export function returnToQ1(state: SimState, tx: Transaction): void {
  leaveQ2(state, tx);
  tx.status = 'queued_q1';
  state.q1[tx.sender]!.push(tx.id);
  state.q1Values[tx.sender]! += tx.remaining;
}

/**
 * Settles a payment in full: moves its remaining amount and records how. Affordability is the
 * caller's business (RTGS checks each payment; the LSM checks a whole set's net positions).
 * A payment in Q2 leaves Q2's aggregates here; its slot in `state.q2` stays (stale) until the next
 * Q2 pass compacts Q2.
 */
export function settle(state: SimState, tx: Transaction, by: SettledBy): void {
  // A payment settles once, from RTGS entry (pending) or from Q2; never from Q1, split, dropped or settled.
  if (tx.status === 'queued_q2') leaveQ2(state, tx);
  else if (tx.status !== 'pending') brokenPrimitive('one place', state.tick, `payment ${tx.id} settles while ${tx.status}`);
  const amount = tx.remaining;
  state.transfer(tx.sender, tx.receiver, amount);
  tx.remaining = 0;
  tx.status = 'settled';
  tx.settledTick = state.tick;
  tx.settledBy = by;
  const day = state.day;
  day.sent[tx.sender]! += 1;
  day.sent_value[tx.sender]! += amount;
  day.received[tx.receiver]! += 1;
  day.received_value[tx.receiver]! += amount;
  const counters = SENT_BY[by];
  day[counters.count][tx.sender]! += 1;
  day[counters.value][tx.sender]! += amount;
  if (state.flows !== null) state.flows.record(tx.sender, tx.receiver, amount, state.tick);
  if (state.recordingEvents) {
    state.emit('settle', tx.sender, tx.id, {
      receiver: state.ids[tx.receiver],
      amount,
      settled_by: by,
      ...(tx.parentId >= 0 ? { parent_id: tx.parentId } : {}),
    });
  }
  if (tx.parentId >= 0) childFinished(state, tx, amount);
}

function childFinished(state: SimState, child: Transaction, settledAmount: number): void {
  const parent = state.txs[child.parentId]!;
  parent.remaining -= settledAmount;
  parent.openChildren -= 1;
  if (parent.openChildren > 0) return;
  if (parent.childDropped) {
    parent.status = 'dropped';
    parent.dropReason = child.dropReason ?? 'expired';
  } else {
    parent.status = 'settled';
    parent.settledTick = state.tick;
    parent.settledBy = child.settledBy;
  }
}

/**
 * Gives a payment up (expiry or policy Drop): the deadline penalty goes to its sender. Removes it
 * from Q1's or Q2's aggregates; the caller removes it from the queue array. A payment the RTGS
 * rejects (its receiver defaulted; engine/failures.ts) is returned to its sender without penalty.
 */
export function drop(state: SimState, tx: Transaction, reason: DropReason, nodeId: string | null = null): void {
  if (tx.status === 'queued_q2') leaveQ2(state, tx);
  else if (tx.status === 'queued_q1') state.q1Values[tx.sender]! -= tx.remaining;
  tx.status = 'dropped';
  tx.dropReason = reason;
  const penalty = reason === 'rejected' ? 0 : state.config.cost_rates.deadline_penalty;
  tx.deadlinePenalty += penalty;
  state.charge(tx.sender, 'deadline', penalty);
  state.day.dropped[tx.sender]! += 1;
  state.day.dropped_value[tx.sender]! += tx.remaining;
  if (state.recordingEvents) {
    state.emit('drop', tx.sender, tx.id, {
      reason,
      amount: tx.remaining,
      deadline_tick: tx.deadlineTick,
      penalty,
      ...(nodeId !== null ? { node_id: nodeId } : {}),
    });
  }
  if (tx.parentId >= 0) {
    const parent = state.txs[tx.parentId]!;
    parent.childDropped = true;
    childFinished(state, tx, 0);
  }
}

/**
 * Whether the sender limits let `tx` settle now; when they do not, event `limit_blocked` (once per
 * payment and tick).
 */
export function withinLimits(state: SimState, tx: Transaction, stage: LimitStage): boolean {
  const limits = state.limits;
  if (limits === null || limits.allows(tx.sender, tx.receiver, tx.remaining)) return true;
  if (tx.limitBlockedTick !== state.tick) {
    tx.limitBlockedTick = state.tick;
    if (state.recordingEvents) {
      const bilateral = !limits.allowsNet(tx.sender, tx.receiver, tx.remaining, 0);
      state.emit('limit_blocked', tx.sender, tx.id, {
        receiver: state.ids[tx.receiver]!,
        amount: tx.remaining,
        stage,
        limit: bilateral ? 'bilateral' : 'multilateral',
      });
    }
  }
  return false;
}

/**
 * One FIFO pass over Q2 (step 7, and the LSM's retries): expired payments are dropped,
 * affordable ones settle, the rest keep their place; a failure does not block later payments.
 * Compacts Q2 as it goes. Returns the number of payments settled. With priority bands, FIFO
 * blocking or sender limits the pass is `designedPass` instead.
 */
export function q2RetryPass(state: SimState, settlementOpen = true): number {
  if (state.designs.designedQueue) return designedPass(state, settlementOpen);
  const q2 = state.q2;
  const tick = state.tick;
  // The central bank's facility lends a payment's shortfall (central-bank.ts); null when there is none.
  const facility = state.cb !== null && state.cb.facility ? state.cb : null;
  let write = 0;
  let settled = 0;
  for (let read = 0; read < q2.length; read++) {
    const id = q2[read]!;
    const tx = state.txs[id]!;
    if (tx.status !== 'queued_q2') continue;
    if (tick > tx.deadlineTick) {
      drop(state, tx, 'expired');
      continue;
    }
    if (settlementOpen && (state.canPay(tx.sender, tx.remaining) || (facility !== null && drawForPayment(state, facility, tx)))) {
      settle(state, tx, 'queue');
      settled++;
      continue;
    }
    q2[write++] = id;
  }
  q2.length = write;
  return settled;
}

/**
 * The Q2 pass under settlement designs: with priority bands, one sweep per band (urgent, normal,
 * low), each in Q2 order; under `fifo`, a sender's first payment that cannot settle in a band
 * blocks its later ones in that band for the rest of the pass; a payment settles only within its
 * sender's limits. Expired payments are dropped whichever band is being served.
 */
function designedPass(state: SimState, settlementOpen: boolean): number {
  const q2 = state.q2;
  const tick = state.tick;
  const txs = state.txs;
  const { bands, fifo } = state.designs;
  const scratch = passScratch(state);
  const blocked = fifo ? scratch.blocked : null;
  const facility = state.cb !== null && state.cb.facility ? state.cb : null;
  // With bands, one scan sorts the live entries into their bands (Q2 order kept within each).
  const order = bands ? scratch.byBand(q2, txs) : q2;
  let settled = 0;
  for (let i = 0; i < order.length; i++) {
    const id = order[i]!;
    if (id < 0) {
      // A band boundary: FIFO blocking holds within a band only.
      if (blocked !== null) blocked.fill(0);
      continue;
    }
    const tx = txs[id]!;
    if (tx.status !== 'queued_q2') continue;
    if (tick > tx.deadlineTick) {
      drop(state, tx, 'expired');
      continue;
    }
    if (!settlementOpen) continue;
    if (blocked !== null && blocked[tx.sender] === 1) continue;
    // With the facility, a payment short of liquidity draws only once its limits allow it.
    const affordable = state.canPay(tx.sender, tx.remaining);
    if ((affordable || facility !== null) && withinLimits(state, tx, 'queue') && (affordable || drawForPayment(state, facility!, tx))) {
      settle(state, tx, 'queue');
      settled++;
    } else if (blocked !== null) {
      blocked[tx.sender] = 1;
    }
  }
  if (blocked !== null) blocked.fill(0);
  compactQ2(state);
  return settled;
}

/** Reusable buffers of the designed Q2 pass. */
class PassScratch {
  readonly blocked: Uint8Array;
  private readonly order: number[] = [];
  /** Urgent, normal and low entries of the pass being built (bandOf's three bands). */
  private readonly bands: [number[], number[], number[]] = [[], [], []];

  constructor(numAgents: number) {
    this.blocked = new Uint8Array(numAgents);
  }

  /** Live Q2 ids band by band (urgent, normal, low), each band in Q2 order, bands separated by -1. */
  byBand(q2: readonly number[], txs: SimState['txs']): readonly number[] {
    const bands = this.bands;
    const [urgent, normal, low] = bands;
    urgent.length = 0;
    normal.length = 0;
    low.length = 0;
    for (let i = 0; i < q2.length; i++) {
      const tx = txs[q2[i]!]!;
      if (tx.status === 'queued_q2') bands[bandOf(tx.priority)]!.push(tx.id);
    }
    const order = this.order;
    order.length = 0;
    for (const id of urgent) order.push(id);
    order.push(-1);
    for (const id of normal) order.push(id);
    order.push(-1);
    for (const id of low) order.push(id);
    return order;
  }
}

const passScratches = new WeakMap<SimState, PassScratch>();

function passScratch(state: SimState): PassScratch {
  let scratch = passScratches.get(state);
  if (scratch === undefined) {
    scratch = new PassScratch(state.numAgents);
    passScratches.set(state, scratch);
  }
  return scratch;
}

/** Removes settled or dropped entries from Q2, keeping order. */
export function compactQ2(state: SimState): void {
  const q2 = state.q2;
  let write = 0;
  for (let read = 0; read < q2.length; read++) {
    const id = q2[read]!;
    if (state.txs[id]!.status === 'queued_q2') q2[write++] = id;
  }
  q2.length = write;
}
