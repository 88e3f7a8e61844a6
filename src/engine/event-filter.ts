// Selecting events: by type, agent, payment and tick range (for `paysim run --events`, the API).

import type { EngineEvent, EventType } from './events.js';

export interface EventFilter {
  readonly types?: ReadonlySet<EventType>;
  readonly agent?: string;
  readonly tx?: number;
  readonly fromTick?: number;
  readonly toTick?: number;
}

export function matchesFilter(event: EngineEvent, filter: EventFilter): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.agent !== undefined && event.agent !== filter.agent && event.data['receiver'] !== filter.agent) return false;
  if (filter.tx !== undefined && event.tx !== filter.tx && !includesTx(event, filter.tx)) return false;
  if (filter.fromTick !== undefined && event.tick < filter.fromTick) return false;
  if (filter.toTick !== undefined && event.tick > filter.toTick) return false;
  return true;
}

/** LSM and split events name their payments in a list. */
function includesTx(event: EngineEvent, tx: number): boolean {
  for (const key of ['payment_ids', 'child_ids']) {
    const ids = event.data[key];
    if (Array.isArray(ids) && ids.includes(tx)) return true;
  }
  return false;
}
