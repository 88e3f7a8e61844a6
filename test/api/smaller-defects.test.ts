// Issue 27, "smaller": a Host header that only starts with an allowed name, a lone surrogate in a
// body, more problems than anyone reads, and a 500 that points at a log that exists.
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { installErrorHandling } from '../../src/api/errors.js';
import { tempDir } from '../store/helpers.js';
import { call, twoBanks } from './helpers.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildApp({ db: join(tempDir('paysim-api-'), 'api.duckdb') });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await app.close();
});

describe('the API', () => {
  it.each(['localhost:80@evil.com', 'localhost.evil.com', 'localhost evil.com', 'localhost:80:90', '127.0.0.1/x'])('Host %s is a 403', async (host) => {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { host } });
    expect(res.statusCode).toBe(403);
  });

  it('a lone surrogate in an agent id is a 400 at its path, not a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/simulations',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(twoBanks()).replace('"BANK_A"', '"BANK_\\ud800"'),
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: expect.objectContaining({ details: [{ path: 'agents[0].id', message: 'contains a lone surrogate (an escape such as \\ud800 that is not valid Unicode text)' }] }),
    });
  });

  it('a scenario with 150 problems lists the first 100 and counts all 150', async () => {
    const doc = twoBanks();
    const agents = Array.from({ length: 150 }, (_, i) => ({ id: `B${i}`, opening_balance: 1, policy: { type: 'Nope' } }));
    const res = await call(app, 'POST', '/simulations', { ...doc, agents });
    expect(res.status).toBe(400);
    const error = res.body['error'] as { message: string; details: unknown[] };
    expect(error.message).toMatch(/\(150 problems\)/);
    expect(error.details).toHaveLength(100);
  });

  it('a 500 writes the error to stderr whether or not logging is on, and says so with the request id', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    // A bare server with paysim's error handling and a route with a bug (logging off, as by default).
    const bare = Fastify({ logger: false });
    installErrorHandling(bare);
    bare.get('/boom', () => {
      throw new Error('a bug');
    });
    const res = await bare.inject({ method: 'GET', url: '/boom' });
    await bare.close();
    expect(res.statusCode).toBe(500);
    const message = (JSON.parse(res.body) as { error: { message: string } }).error.message;
    const id = /request (\S+)$/.exec(message)?.[1];
    expect(message).toBe(`internal error (a bug): written to the server's stderr as request ${id}`);
    expect(written.join('')).toContain(`paysim serve: internal error in GET /boom (request ${id}): Error: a bug`);
  });
});
