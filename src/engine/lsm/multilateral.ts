// The multilateral batch (engine.md §6.4, after Bech and Soramäki 2001): all of Q2 is one batch;
// while some agent's net outflow over the batch exceeds its available liquidity, that agent's
// most recently queued payment leaves the batch; what remains settles atomically.
//
// Which short agent gives up a payment first: the one with the lowest id. The outcome does not
// depend on that choice. An agent's kept payments are always a prefix (in Q2 order) of its queued
// ones, and if two prefix profiles are both feasible so is their element-wise maximum (each agent
// keeps the outflow of the profile it comes from and receives at least as much), so there is one
// largest feasible profile. Removal never cuts an agent below it (at or below it the agent would
// receive at least what it receives there, so it would not be short), and removal stops only at a
// feasible profile: every removal order ends at that same largest profile. docs/lsm.md repeats
// the argument and test/engine/lsm/multilateral.test.ts checks it against other orders.

import type { SenderLimits } from '../limits.js';
import type { SimState } from '../state.js';
import type { AtomicStep } from './atomic.js';
import { int32Capacity } from './buffers.js';
import type { Q2Graph } from './graph.js';

export class MultilateralBatch {
  /** Live Q2 payment ids grouped by sender rank, Q2 order (= entry order) within a sender. */
  private bySender = new Int32Array(0);
  private readonly senderStart: Int32Array;
  /** The batch keeps bySender[senderStart[r] .. keptEnd[r]) of sender rank r. */
  private readonly keptEnd: Int32Array;
  private readonly seen: Int32Array;
  /** Σ kept outgoing and incoming amounts per rank. */
  private readonly outflow: Float64Array;
  private readonly inflow: Float64Array;
  /** Available liquidity per rank, as at the start of the batch. */
  private readonly available: Float64Array;
  /** The short agents still to fix (a stack of ranks), and whether a rank is on it. */
  private readonly work: Int32Array;
  private readonly listed: Uint8Array;

  constructor(numAgents: number) {
    this.work = new Int32Array(numAgents);
    this.listed = new Uint8Array(numAgents);
    this.senderStart = new Int32Array(numAgents + 1);
    this.keptEnd = new Int32Array(numAgents);
    this.seen = new Int32Array(numAgents);
    this.outflow = new Float64Array(numAgents);
    this.inflow = new Float64Array(numAgents);
    this.available = new Float64Array(numAgents);
  }

  /** The batch's pair flows and bilateral breaches, from the live Q2 entries. */
  private pairLimits(limits: SenderLimits, graph: Q2Graph, q2: readonly number[], txs: SimState['txs'], compact: boolean): PairLimits {
    const pairs = new PairLimits(limits, graph.agentAt);
    const payFrom = graph.payFrom;
    const payTo = graph.payTo;
    for (let i = 0; i < q2.length; i++) {
      const id = q2[i]!;
      if (!compact && txs[id]!.status !== 'queued_q2') continue;
      pairs.add(payFrom[id]!, payTo[id]!, graph.payAmount[id]!);
    }
    for (let i = 0; i < q2.length; i++) {
      const id = q2[i]!;
      if (!compact && txs[id]!.status !== 'queued_q2') continue;
      pairs.check(payFrom[id]!, payTo[id]!);
      pairs.check(payTo[id]!, payFrom[id]!);
    }
    return pairs;
  }

  /** Runs one batch over Q2; returns the number of payments settled. */
  run(state: SimState, graph: Q2Graph, step: AtomicStep): number {
    const n = graph.numAgents;
    const agentAt = graph.agentAt;
    const q2 = state.q2;
    const txs = state.txs;
    const senderStart = this.senderStart;
    const keptEnd = this.keptEnd;
    const outflow = this.outflow;
    const inflow = this.inflow;
    const available = this.available;

    // Group the live entries by sender (a stable counting sort) and sum the flows, reading the
    // graph's id-indexed mirror rather than the scattered Transaction objects.
    graph.syncMirror(state);
    const payFrom = graph.payFrom;
    const payTo = graph.payTo;
    const payAmount = graph.payAmount;
    const compact = state.q2Live === q2.length;
    senderStart.fill(0);
    outflow.fill(0);
    inflow.fill(0);
    let live = 0;
    for (let i = 0; i < q2.length; i++) {
      const id = q2[i]!;
      if (!compact && txs[id]!.status !== 'queued_q2') continue;
      const from = payFrom[id]!;
      const amount = payAmount[id]!;
      senderStart[from + 1]! += 1;
      outflow[from]! += amount;
      inflow[payTo[id]!]! += amount;
      live++;
    }
    if (live === 0) return 0;
    for (let r = 0; r < n; r++) senderStart[r + 1]! += senderStart[r]!;
    this.bySender = int32Capacity(this.bySender, live);
    const bySender = this.bySender;
    for (let r = 0; r < n; r++) keptEnd[r] = senderStart[r]!;
    for (let i = 0; i < q2.length; i++) {
      const id = q2[i]!;
      if (!compact && txs[id]!.status !== 'queued_q2') continue;
      bySender[keptEnd[payFrom[id]!]!++] = id;
    }
    for (let r = 0; r < n; r++) available[r] = state.available(agentAt[r]!);
    // Sender limits: the multilateral limit caps a net payer like its liquidity does; bilateral
    // limits are tracked per pair (PairLimits), and an agent breaking one is short as well.
    const limits = state.limits;
    if (limits !== null) {
      for (let r = 0; r < n; r++) {
        const a = agentAt[r]!;
        available[r] = Math.min(available[r]!, limits.multilateral[a]! - limits.netDebit[a]!);
      }
    }
    const pairs = limits !== null && limits.hasBilateral ? this.pairLimits(limits, graph, q2, txs, compact) : null;
    const short = (r: number): boolean => isShort(outflow[r]!, inflow[r]!, available[r]!) || (pairs !== null && pairs.breaches[r]! > 0);

    // Remove payments of short agents: a worklist of the short ones. A removal can only make its
    // receiver short (the sender's position improves), so the receiver joins the list if it is
    // short and not on it. Which short agent goes first does not matter (see the top of the file);
    // this order does each agent's check once per time it may have become short, where walking
    // the ranks again from a receiver below went back over every rank in between (56 % of a
    // 20 000-bank run).
    const work = this.work;
    const listed = this.listed;
    let top = 0;
    for (let r = n - 1; r >= 0; r--) {
      if (short(r)) {
        work[top++] = r;
        listed[r] = 1;
      }
    }
    while (top > 0) {
      const rank = work[--top]!;
      listed[rank] = 0;
      while (short(rank)) {
        const id = bySender[--keptEnd[rank]!]!;
        const to = payTo[id]!;
        const amount = payAmount[id]!;
        outflow[rank]! -= amount;
        inflow[to]! -= amount;
        if (pairs !== null) pairs.remove(rank, to, amount);
        if (listed[to] === 0 && short(to)) {
          work[top++] = to;
          listed[to] = 1;
        }
      }
    }

    // What is left is feasible by construction.
    let count = 0;
    let gross = 0;
    let liquidity = 0;
    for (let r = 0; r < n; r++) {
      count += keptEnd[r]! - senderStart[r]!;
      gross += outflow[r]!;
      if (outflow[r]! > inflow[r]!) liquidity += outflow[r]! - inflow[r]!;
    }
    if (count === 0) return 0;

    // Settle in Q2 order: a sender's i-th live entry in Q2 is kept iff i < its kept count.
    const seen = this.seen;
    seen.fill(0);
    step.begin(n);
    for (let r = 0; r < n; r++) step.involve(state, agentAt[r]!);
    if (state.recordingEvents) {
      const ids = step.paymentIds;
      for (let i = 0; i < q2.length; i++) {
        const id = q2[i]!;
        if (!compact && txs[id]!.status !== 'queued_q2') continue;
        const from = payFrom[id]!;
        if (seen[from]!++ < keptEnd[from]! - senderStart[from]!) ids.push(id);
      }
      seen.fill(0);
      state.emit('lsm_multilateral', null, null, {
        count,
        gross_value: gross,
        liquidity_used: liquidity,
        payment_ids: ids.slice(),
      });
    }
    // Settling marks entries stale as it goes, so membership is decided from the counts alone.
    for (let i = 0; i < q2.length; i++) {
      const id = q2[i]!;
      if (!compact && txs[id]!.status !== 'queued_q2') continue;
      const from = payFrom[id]!;
      if (seen[from]!++ < keptEnd[from]! - senderStart[from]!) step.settleOne(state, txs[id]!, 'multilateral');
    }
    step.end(state);
    return count;
  }
}

/**
 * Bilateral limits over a batch, by agent rank: the batch's flow on each ordered pair, and per
 * rank the number of counterparties towards which its position (today's settled position plus the
 * batch's net flow) would exceed its bilateral limit.
 */
class PairLimits {
  readonly flow: Float64Array;
  readonly breached: Uint8Array;
  readonly breaches: Int32Array;

  constructor(
    private readonly limits: SenderLimits,
    private readonly agentAt: Int32Array,
  ) {
    const n = agentAt.length;
    this.flow = new Float64Array(n * n);
    this.breached = new Uint8Array(n * n);
    this.breaches = new Int32Array(n);
  }

  add(from: number, to: number, amount: number): void {
    this.flow[from * this.agentAt.length + to]! += amount;
  }

  /** Re-evaluates the pair (r → s) after a change of its flows. */
  check(r: number, s: number): void {
    const n = this.agentAt.length;
    const a = this.agentAt[r]!;
    const b = this.agentAt[s]!;
    const at = a * this.limits.n + b;
    const position = this.limits.pairNet[at]! + this.flow[r * n + s]! - this.flow[s * n + r]!;
    const now = position > this.limits.bilateral[at]! ? 1 : 0;
    const before = this.breached[r * n + s]!;
    if (now !== before) {
      this.breached[r * n + s] = now;
      this.breaches[r]! += now - before;
    }
  }

  /** A payment r → to leaves the batch. */
  remove(r: number, to: number, amount: number): void {
    this.flow[r * this.agentAt.length + to]! -= amount;
    this.check(r, to);
    this.check(to, r);
  }
}

/**
 * Short: a net payer over the batch that cannot pay its net amount. A net receiver is never short,
 * even when it is already beyond its credit (the batch can only improve its position).
 */
function isShort(outflow: number, inflow: number, available: number): boolean {
  return outflow > inflow && outflow - inflow > available;
}
