// What every route module gets: the live simulations, the limits and the store.

import type { SimulationRegistry } from './registry.js';
import type { StoreAccess } from './store-access.js';

export interface ApiLimits {
  /** Live simulations held at once (429 beyond). */
  readonly maxSimulations: number;
  /** Agents in one scenario (400 beyond). */
  readonly maxAgents: number;
  /** Ticks one POST …/tick may advance (400 beyond). */
  readonly maxTicksPerRequest: number;
  /** Payments one POST …/tick may create, expected from the arrival rates (400 beyond). */
  readonly maxPaymentsPerRequest: number;
  /** Request body size in bytes (413 beyond). */
  readonly bodyLimitBytes: number;
  /** Events kept in memory per simulation (the oldest go first). */
  readonly maxEventsPerSimulation: number;
  /** Milliseconds a client has to send a whole request, headers and body (408 beyond). */
  readonly requestTimeoutMs: number;
  /** Bytes a live stream may have waiting for a client that does not read; past it the client is dropped. */
  readonly maxStreamBacklogBytes: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  maxSimulations: 16,
  maxAgents: 1000,
  maxTicksPerRequest: 10_000,
  // About a second of engine work: 100 ticks of 100 banks at 100 payments per tick took 8.7 s.
  maxPaymentsPerRequest: 100_000,
  // Checkpoints of large simulations are big JSON documents and come back as request bodies.
  bodyLimitBytes: 16 * 1024 * 1024,
  maxEventsPerSimulation: 200_000,
  // A 16 MiB body at a slow 1 MB/s still fits; a connection that trickles bytes does not hold on.
  requestTimeoutMs: 30_000,
  // About a hundred frames of a 200-bank simulation: a viewer that stops reading is dropped
  // (its EventSource reconnects and starts again from `hello`) instead of growing the server.
  maxStreamBacklogBytes: 8 * 1024 * 1024,
};

export interface ApiContext {
  readonly registry: SimulationRegistry;
  readonly limits: ApiLimits;
  readonly store: StoreAccess;
}

/** Shared schema pieces for route definitions (also what /openapi.json shows). */
export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'simulation id' } },
} as const;
