// Offsetting on entry (`rtgs.entry_offsetting`, as in TARGET2): a payment A→B that cannot settle
// at RTGS entry settles together with payments B→A already queued in Q2, taken oldest first and
// whole, when the pair is feasible. The rule chosen (docs/engine.md): the shortest such prefix of
// B's queued payments to A — k = 1, 2, … — whose net payer can pay the net amount within its
// liquidity and sender limits; the whole set settles atomically as `bilateral` (event
// `lsm_bilateral` with `at_entry: true`). None feasible: the payment joins Q2 as usual.

import { AtomicStep } from './lsm/atomic.js';
import { settlesAtNet } from './lsm/bilateral.js';
import { settle } from './settlement.js';
import type { SimState } from './state.js';
import type { Transaction } from './transaction.js';

const steps = new WeakMap<SimState, AtomicStep>();

/** Tries to settle the entering payment `tx` with queued payments the other way; true if it settled. */
export function offsetOnEntry(state: SimState, tx: Transaction): boolean {
  const a = tx.sender;
  const b = tx.receiver;
  const txs = state.txs;
  if (state.q2CountsOut[b] === 0) return false;
  const chosen: Transaction[] = [];
  let back = 0;
  for (const id of state.q2) {
    const other = txs[id]!;
    if (other.status !== 'queued_q2' || other.sender !== b || other.receiver !== a) continue;
    chosen.push(other);
    back += other.remaining;
    if (settlesAtNet(state, a, b, tx.remaining, back)) {
      settleSet(state, tx, chosen, back);
      return true;
    }
  }
  return false;
}

function settleSet(state: SimState, tx: Transaction, queued: readonly Transaction[], back: number): void {
  let step = steps.get(state);
  if (step === undefined) {
    step = new AtomicStep();
    steps.set(state, step);
  }
  step.begin(2);
  step.involve(state, tx.sender);
  step.involve(state, tx.receiver);
  if (state.recordingEvents) {
    const out = tx.remaining;
    state.emit('lsm_bilateral', null, null, {
      agents: [state.ids[tx.sender]!, state.ids[tx.receiver]!],
      payment_ids: [tx.id, ...queued.map((q) => q.id)],
      gross: out + back,
      net: Math.abs(out - back),
      net_payer: out === back ? null : state.ids[out > back ? tx.sender : tx.receiver]!,
      at_entry: true,
    });
  }
  settle(state, tx, 'bilateral');
  for (const q of queued) settle(state, q, 'bilateral');
  step.end(state);
}
