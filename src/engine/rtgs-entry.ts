// Step 6, RTGS entry: each pending payment settles at once or joins Q2. Apart from settlement.ts
// because offsetting on entry (entry-offsetting.ts) settles through settlement.ts itself: here
// both are imported and neither imports the other back.

import { offsetOnEntry } from './entry-offsetting.js';
import { bandSlot, enterQ2, settle, withinLimits } from './settlement.js';
import type { SimState } from './state.js';

/**
 * Step 6: each pending payment settles at once if its sender can pay, else joins Q2's tail. With
 * settlement designs on: under `fifo` a sender with queued payments (in the payment's band) queues
 * behind them; a sender limit can hold a payment back like missing liquidity; and with
 * `entry_offsetting` a payment that cannot settle alone may settle with queued payments the other way.
 */
export function rtgsEntry(state: SimState, settlementOpen: boolean): void {
  const pending = state.pending;
  const designs = state.designs;
  for (let i = 0; i < pending.length; i++) {
    const tx = state.txs[pending[i]!]!;
    // With the designs off this is plain RTGS: no queue to wait behind, limits always allow.
    if (settlementOpen) {
      const behindQueue = designs.fifo && state.q2BandCounts[bandSlot(state, tx)]! > 0;
      if (!behindQueue) {
        if (state.canPay(tx.sender, tx.remaining) && withinLimits(state, tx, 'entry')) {
          settle(state, tx, 'rtgs');
          continue;
        }
        if (designs.entryOffsetting && offsetOnEntry(state, tx)) continue;
      }
    }
    enterQ2(state, tx);
    if (state.recordingEvents) {
      state.emit('queue', tx.sender, tx.id, {
        amount: tx.remaining,
        available_liquidity: state.available(tx.sender),
      });
    }
  }
  state.pending = [];
}
