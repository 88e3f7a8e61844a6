// The events of one API simulation, kept in memory. A long simulation can produce millions of
// events, so the log keeps only the most recent `capacity` (a ring buffer) and says how many it
// let go; per-tick figures are counted as events pass, independently of this cap.

import type { EngineEvent } from '../engine/events.js';
import { type EventFilter, matchesFilter } from '../engine/event-filter.js';

export class EventLog {
  private readonly ring: EngineEvent[] = [];
  /** Index in `ring` of the oldest event once the ring is full. */
  private start = 0;
  /** Events evicted to stay within capacity. */
  evicted = 0;

  constructor(readonly capacity: number) {}

  push(event: EngineEvent): void {
    if (this.capacity <= 0) {
      this.evicted += 1;
      return;
    }
    if (this.ring.length < this.capacity) {
      this.ring.push(event);
      return;
    }
    this.ring[this.start] = event;
    this.start = (this.start + 1) % this.capacity;
    this.evicted += 1;
  }

  get size(): number {
    return this.ring.length;
  }

  /** The first `limit` kept events matching `filter`, oldest first, and how many match in all. */
  query(filter: EventFilter, limit: number): { events: EngineEvent[]; matched: number } {
    const events: EngineEvent[] = [];
    let matched = 0;
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const event = this.ring[(this.start + i) % n]!;
      if (!matchesFilter(event, filter)) continue;
      matched += 1;
      if (events.length < limit) events.push(event);
    }
    return { events, matched };
  }
}
