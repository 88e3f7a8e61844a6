// Selecting events: by type, agent, payment and tick range (for `paysim run --events`, the API).

import { type EngineEvent, type EventType, eventPaymentIds, eventReceiver } from './events.js';

export interface EventFilter {
  readonly types?: ReadonlySet<EventType>;
  readonly agent?: string;
  readonly tx?: number;
  readonly fromTick?: number;
  readonly toTick?: number;
}

export function matchesFilter(event: EngineEvent, filter: EventFilter): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  if (filter.agent !== undefined && event.agent !== filter.agent && eventReceiver(event) !== filter.agent) return false;
  if (filter.tx !== undefined && event.tx !== filter.tx && !eventPaymentIds(event).includes(filter.tx)) return false;
  if (filter.fromTick !== undefined && event.tick < filter.fromTick) return false;
  if (filter.toTick !== undefined && event.tick > filter.toTick) return false;
  return true;
}

