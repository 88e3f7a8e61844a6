import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { call, create, twoBanks } from './helpers.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildApp({ db: '/nonexistent/paysim-api-test.duckdb', maxSimulations: 2, maxTicksPerRequest: 50, bodyLimitBytes: 4096 });
});
afterEach(async () => {
  await app.close();
});

const errorOf = (body: Record<string, unknown>): Record<string, unknown> => body['error'] as Record<string, unknown>;
const paths = (body: Record<string, unknown>): string[] =>
  ((errorOf(body)['details'] ?? []) as Array<{ path: string }>).map((d) => d.path);

describe('API errors', () => {
  it('a bad scenario is a 400 whose details carry the JSON paths', async () => {
    const doc = twoBanks();
    (doc['agents'] as Array<Record<string, unknown>>)[1]!['credit_limit'] = -5;
    const res = await call(app, 'POST', '/simulations', doc);
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['code']).toBe('validation_failed');
    expect(paths(res.body)).toContain('agents[1].credit_limit');
  });

  it('a Tree policy naming a file is refused: no request value becomes a path', async () => {
    const doc = twoBanks();
    (doc['agents'] as Array<Record<string, unknown>>)[0]!['policy'] = { type: 'Tree', file: '../../etc/passwd' };
    const res = await call(app, 'POST', '/simulations', doc);
    expect(res.status).toBe(400);
    expect(paths(res.body).some((p) => p.startsWith('agents[0].policy'))).toBe(true);
  });

  it('bad payments are 400 with the field named; unknown ids are 404', async () => {
    const id = await create(app, twoBanks());
    const same = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_A', amount: 5, deadline_tick: 3 });
    expect(same.status).toBe(400);
    expect(paths(same.body)).toEqual(['receiver']);
    const unknown = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'NOPE', receiver: 'BANK_A', amount: 5, deadline_tick: 3 });
    expect(paths(unknown.body)).toEqual(['sender']);
    const amount = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 1.5, deadline_tick: 3 });
    expect(amount.status).toBe(400);
    expect(paths(amount.body)).toEqual(['amount']);
    const huge = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 2 ** 60, deadline_tick: 3 });
    expect(paths(huge.body)).toEqual(['amount']);
    const missing = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 5 });
    expect(paths(missing.body)).toEqual(['deadline_tick']);
    await call(app, 'POST', `/simulations/${id}/tick?count=4`);
    const late = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 5, deadline_tick: 3 });
    expect(paths(late.body)).toEqual(['deadline_tick']);

    expect((await call(app, 'GET', '/simulations/nope')).status).toBe(404);
    expect((await call(app, 'POST', '/simulations/nope/tick')).status).toBe(404);
    expect((await call(app, 'GET', `/simulations/${id}/transactions/99`)).status).toBe(404);
    const notRoute = await call(app, 'GET', '/nowhere');
    expect(notRoute.status).toBe(404);
    expect(errorOf(notRoute.body)['code']).toBe('not_found');
  });

  it('ticking past the end is a 409; over the per-request limit a 400', async () => {
    const id = await create(app, twoBanks(10, 1));
    const over = await call(app, 'POST', `/simulations/${id}/tick?count=51`);
    expect(over.status).toBe(400);
    expect(paths(over.body)).toEqual(['querystring.count']);
    expect((await call(app, 'POST', `/simulations/${id}/tick?count=11`)).status).toBe(409);
    const all = await call(app, 'POST', `/simulations/${id}/tick?count=10`);
    expect(all.status).toBe(200);
    expect(all.body['done']).toBe(true);
    const after = await call(app, 'POST', `/simulations/${id}/tick`);
    expect(after.status).toBe(409);
    expect(errorOf(after.body)['code']).toBe('conflict');
    const pay = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 5, deadline_tick: 30 });
    expect(pay.status).toBe(409);
  });

  it('too many live simulations is a 429, until one is deleted', async () => {
    const a = await create(app, twoBanks());
    await create(app, twoBanks());
    const third = await call(app, 'POST', '/simulations', twoBanks());
    expect(third.status).toBe(429);
    expect(errorOf(third.body)['code']).toBe('too_many_simulations');
    await call(app, 'DELETE', `/simulations/${a}`);
    expect((await call(app, 'POST', '/simulations', twoBanks())).status).toBe(201);
  });

  it('a body over the limit is a 413; malformed JSON a 400', async () => {
    const doc = { ...twoBanks(), padding: 'x'.repeat(5000) };
    const res = await call(app, 'POST', '/simulations', doc);
    expect(res.status).toBe(413);
    expect(errorOf(res.body)['code']).toBe('body_too_large');
    const bad = await app.inject({ method: 'POST', url: '/simulations', payload: '{"simulation": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ error: { code: 'bad_request' } });
  });

  it('serves health, the OpenAPI document listing every path, and the docs page', async () => {
    const health = await call(app, 'GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok' });
    const doc = await call(app, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(String(doc.body['openapi'])).toMatch(/^3\./);
    const listed = Object.keys(doc.body['paths'] as object);
    for (const path of [
      '/simulations',
      '/simulations/{id}',
      '/simulations/{id}/transactions',
      '/simulations/{id}/transactions/{tx}',
      '/simulations/{id}/tick',
      '/simulations/{id}/state',
      '/simulations/{id}/costs',
      '/simulations/{id}/metrics',
      '/simulations/{id}/events',
      '/simulations/{id}/checkpoints',
      '/simulations/from-checkpoint',
      '/simulations/{id}/persist',
      '/runs',
      '/runs/{run_key}',
      '/experiments/{name}/comparison',
      '/health',
    ]) {
      expect(listed).toContain(path);
    }
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });
});
