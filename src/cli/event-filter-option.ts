// Parses `--events type=settle|drop,agent=BANK_A,tx=12,from=10,to=20` into an EventFilter.

import type { EventFilter } from '../engine/event-filter.js';
import { EVENT_TYPES, type EventType } from '../engine/events.js';
import { CliError } from './errors.js';


export function parseEventFilter(text: string | true): EventFilter {
  if (text === true || text.trim() === '' || text === 'all') return {};
  const filter: { types?: Set<EventType>; agent?: string; tx?: number; fromTick?: number; toTick?: number } = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new CliError(`--events: '${part}' is not key=value (keys: type, agent, tx, from, to)`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    switch (key) {
      case 'type': {
        const types = value.split('|').map((t) => t.trim());
        for (const t of types) {
          if (!(EVENT_TYPES as readonly string[]).includes(t)) {
            throw new CliError(`--events: unknown event type '${t}' (expected one of ${EVENT_TYPES.join(', ')})`);
          }
        }
        filter.types = new Set(types as EventType[]);
        break;
      }
      case 'agent':
        filter.agent = value;
        break;
      case 'tx':
        filter.tx = integer(key, value);
        break;
      case 'from':
        filter.fromTick = integer(key, value);
        break;
      case 'to':
        filter.toTick = integer(key, value);
        break;
      default:
        throw new CliError(`--events: unknown key '${key}' (expected type, agent, tx, from or to)`);
    }
  }
  return filter;
}

function integer(key: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new CliError(`--events: ${key} must be a non-negative integer, got '${value}'`);
  return Number(value);
}
