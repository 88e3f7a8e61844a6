// Scenario documents and request helpers for the API tests (app.inject: no network).

import type { FastifyInstance } from 'fastify';
import { readDocumentFile } from '../../src/config/scenario.js';

/** Two banks, no generated arrivals: every payment in these tests is one the test submitted. */
export function twoBanks(ticksPerDay = 10, days = 1): Record<string, unknown> {
  return {
    simulation: { ticks_per_day: ticksPerDay, num_days: days, rng_seed: 7 },
    agents: [
      { id: 'BANK_A', opening_balance: 100_000, credit_limit: 0, policy: { type: 'Fifo' } },
      { id: 'BANK_B', opening_balance: 50_000, credit_limit: 0, policy: { type: 'Fifo' } },
    ],
  };
}

/** The demo scenario of the library (four banks with random arrivals, LSM on). */
export function demo(): unknown {
  return readDocumentFile('scenarios/realistic_demo.yaml');
}

export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function call(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown): Promise<Reply> {
  const res = await app.inject({ method, url, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const text = res.body;
  return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

export async function create(app: FastifyInstance, doc: unknown): Promise<string> {
  const res = await call(app, 'POST', '/simulations', doc);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body['simulation_id']);
}
