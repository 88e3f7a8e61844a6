// Participant failures as they fire and are announced (docs/engine.md, "Participant failures"):
// the state they set is engine/failures.ts.

import type { ParticipantFailureEvent } from './config.js';
import { Failures, NEVER } from './failures.js';
import { drop, returnToQ1 } from './settlement.js';
import type { SimState } from './state.js';

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

