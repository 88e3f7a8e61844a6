// Payment orders given in advance as columns (a scenario's payment file, engine.md §9 `payment`
// events in bulk). They enter Q1 at step 1 of their arrival tick exactly as `payment` scenario
// events would if listed after the scenario's own events: same origin (`event`), same order, same
// ids — so a file and the equivalent list of events give byte-identical runs. The columns are
// plain typed arrays (possibly over shared memory, read-only here), so a million orders cost a
// few megabytes and cross to worker threads without a copy.

import { enterQ1 } from './settlement.js';
import type { ScheduledPayments } from './payment-schedule.js';
import type { SimState } from './state.js';

/**
 * Enters the orders of `state.tick` into their senders' Q1, starting at index `next`; returns the
 * index after the last one entered (orders before `state.tick` are skipped, so a
 * run resumed from a checkpoint can start from 0). Emits the `scenario_event` a `payment` event would.
 */
export function injectScheduled(state: SimState, schedule: ScheduledPayments, next: number): number {
  const tick = state.tick;
  let i = next;
  while (i < schedule.count && schedule.arrivalTick[i]! < tick) i++;
  for (; i < schedule.count && schedule.arrivalTick[i]! === tick; i++) {
    const sender = schedule.agentOfBank[schedule.senderBank[i]!]!;
    const receiver = schedule.agentOfBank[schedule.receiverBank[i]!]!;
    const amount = schedule.amount[i]!;
    const deadlineTick = schedule.deadlineTick[i]!;
    const priority = schedule.priority[i]!;
    const divisible = schedule.divisible[i] === 1;
    enterQ1(state, { sender, receiver, amount, deadlineTick, priority, divisible, origin: 'event' });
    if (state.recordingEvents) {
      state.emit('scenario_event', sender, null, {
        event_type: 'payment',
        at_tick: tick,
        sender: state.ids[sender],
        receiver: state.ids[receiver],
        amount,
        deadline_tick: deadlineTick,
        priority,
        divisible,
      });
    }
  }
  return i;
}
