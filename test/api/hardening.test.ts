// The API under hostile requests (issue 14): limits are checked before costly work, checkpoints
// are validated, bodies are strict JSON, the Host header is checked, and every refusal comes in
// the `{error: {code, message}}` shape with a real status code — as the OpenAPI document says.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { tempDir } from '../store/helpers.js';
import { call, create, demo, twoBanks } from './helpers.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildApp({ db: join(tempDir('paysim-api-'), 'api.duckdb') });
});
afterEach(async () => {
  await app.close();
});

const errorOf = (body: Record<string, unknown>): Record<string, unknown> => body['error'] as Record<string, unknown>;

describe('limits before costly work', () => {
  it('a 200 000-agent body is refused as too many agents, and /health answers meanwhile', async () => {
    const agents = Array.from({ length: 200_000 }, (_, i) => ({ id: `B${i}`, opening_balance: 1, policy: { type: 'Fifo' } }));
    const big = { simulation: { ticks_per_day: 10, num_days: 1, rng_seed: 1 }, agents };
    const [refused, health] = await Promise.all([call(app, 'POST', '/simulations', big), call(app, 'GET', '/health')]);
    expect(refused.status).toBe(400);
    expect(errorOf(refused.body)['message']).toBe('too many agents: 200000 (this server allows 1000)');
    expect(health).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok' }) });
  });

  it('a tick request that would create more payments than allowed is refused before stepping', async () => {
    const doc = demo() as Record<string, unknown>;
    const agents = (doc['agents'] as Array<Record<string, unknown>>).map((a) => ({
      ...a,
      arrival_config: { ...(a['arrival_config'] as object), rate_per_tick: 500 },
    }));
    const id = await create(app, { ...doc, agents });
    const res = await call(app, 'POST', `/simulations/${id}/tick?count=60`);
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['message']).toBe(
      "count 60 would create about 120000 payments (arrivals and scripted payment events), over this server's limit of 100000 per request; ask for at most 50 ticks",
    );
    const state = await call(app, 'GET', `/simulations/${id}/state`);
    expect(state.body['tick']).toBe(0);
  });

  it('scripted every: payment events count towards the limit, each firing a payment (issue 27)', async () => {
    // 40 events firing every tick: 40 payments a tick with no arrivals at all.
    const doc = twoBanks(100_000);
    const every = Array.from({ length: 40 }, () => ({ type: 'payment', sender: 'BANK_A', receiver: 'BANK_B', amount: 1, deadline_offset: 5, every: { start: 0, interval: 1, until: 99_999 } }));
    const id = await create(app, { ...doc, scenario_events: every });
    const res = await call(app, 'POST', `/simulations/${id}/tick?count=5000`);
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['message']).toBe(
      "count 5000 would create about 200000 payments (arrivals and scripted payment events), over this server's limit of 100000 per request; ask for at most 2500 ticks",
    );
    expect((await call(app, 'POST', `/simulations/${id}/tick?count=2500`)).status).toBe(200);
  });

  it('/runs?offset=1e30 is a 400, not a 500', async () => {
    const res = await call(app, 'GET', '/runs?offset=1e30');
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['code']).toBe('bad_request');
  });
});

describe('checkpoints from outside', () => {
  it('a forged checkpoint is a 400 naming what is wrong', async () => {
    const doc = demo();
    const id = await create(app, doc);
    await call(app, 'POST', `/simulations/${id}/tick?count=20`);
    const cp = (await call(app, 'POST', `/simulations/${id}/checkpoints`)).body['checkpoint'] as Record<string, unknown>;
    const forged = { ...cp, balances: (cp['balances'] as number[]).map((b, i) => (i === 0 ? '1000.5' : b)), tick: -1 };
    const res = await call(app, 'POST', '/simulations/from-checkpoint', { scenario: doc, checkpoint: forged });
    expect(res.status).toBe(400);
    expect(errorOf(res.body)['code']).toBe('bad_checkpoint');
    expect(errorOf(res.body)['message']).toMatch(/^checkpoint: not a valid checkpoint: tick: -1 is out of range/);
  });

  it('a restored simulation never takes the run key of one that ran from tick 0', async () => {
    const doc = demo();
    const honest = await create(app, doc);
    const cp = (await call(app, 'POST', `/simulations/${honest}/checkpoints`)).body['checkpoint'];
    const restored = String((await call(app, 'POST', '/simulations/from-checkpoint', { scenario: doc, checkpoint: cp })).body['simulation_id']);
    for (const id of [honest, restored]) expect((await call(app, 'POST', `/simulations/${id}/tick?count=100`)).status).toBe(200);
    const a = await call(app, 'POST', `/simulations/${honest}/persist`);
    const b = await call(app, 'POST', `/simulations/${restored}/persist`);
    expect([a.status, b.status, a.body['stored'], b.body['stored']]).toEqual([200, 200, true, true]);
    expect(b.body['run_key']).not.toBe(a.body['run_key']);
  });
});

describe('request bodies and headers', () => {
  it('duplicate JSON keys are refused, as the CLI refuses them in files', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/simulations',
      headers: { 'content-type': 'application/json' },
      payload: '{"simulation": {"ticks_per_day": 10, "num_days": 1, "rng_seed": 1, "num_days": 2}, "agents": []}',
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'bad_request', message: 'the request body: simulation.num_days: duplicate key "num_days"', details: [{ path: 'simulation.num_days', message: 'duplicate key "num_days"' }] },
    });
  });

  it('text/plain is a 415 in the error shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/simulations', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(twoBanks()) });
    expect(res.statusCode).toBe(415);
    expect(errorOf(JSON.parse(res.body) as Record<string, unknown>)['code']).toBe('unsupported_media_type');
  });

  it('a Host header naming another site is a 403 (DNS rebinding); loopback names are answered', async () => {
    const evil = await app.inject({ method: 'GET', url: '/health', headers: { host: 'attacker.example:8000' } });
    expect(evil.statusCode).toBe(403);
    expect(errorOf(JSON.parse(evil.body) as Record<string, unknown>)['code']).toBe('forbidden_host');
    for (const host of ['localhost:8000', '127.0.0.1', '[::1]:8000']) {
      expect((await app.inject({ method: 'GET', url: '/health', headers: { host } })).statusCode, host).toBe(200);
    }
    const open = await buildApp({ db: '/nonexistent/x.duckdb', allowedHosts: ['sim.internal'] });
    expect((await open.inject({ method: 'GET', url: '/health', headers: { host: 'sim.internal:80' } })).statusCode).toBe(200);
    expect((await open.inject({ method: 'GET', url: '/health', headers: { host: 'localhost' } })).statusCode).toBe(403);
    await open.close();
  });

  it('headers too large: 431 in the {error} shape', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => (text += String(chunk)));
      socket.on('close', () => resolve(text));
      socket.on('error', (error) => (text === '' ? reject(error) : resolve(text)));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'headers_too_large', message: 'the request headers are too large' } });
    // A plain request still works on the listening server.
    const ok = await new Promise<number>((resolve, reject) => {
      httpRequest({ port: Number(port), host: '127.0.0.1', path: '/health' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject).end();
    });
    expect(ok).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('lists real status codes with an error schema, and the scenario schema as the body', async () => {
    const doc = (await call(app, 'GET', '/openapi.json')).body as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
    expect(doc['openapi']).toBe('3.1.0');
    const operations = Object.entries(doc['paths']!).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => [`${m} ${path}`, op] as const));
    for (const [name, op] of operations) {
      expect(Object.values(op['responses'] as object).map((r: { description: string }) => r.description), name).not.toContain('Default Response');
    }
    const create = doc['paths']!['/simulations']!['post']!;
    expect(Object.keys(create['responses'] as object)).toEqual(['201', '400', '403', '413', '415', '429', '500']);
    expect(JSON.stringify(create['responses'])).toContain('#/components/schemas/Error');
    expect(JSON.stringify(create['requestBody'])).toContain('#/components/schemas/Scenario');
    const schemas = (doc['components'] as unknown as Record<string, Record<string, Record<string, unknown>>>)['schemas']!;
    expect(schemas['Scenario']!['$id']).toBe('urn:paysim:schema:scenario');
    expect(schemas['Error']!['required']).toEqual(['error']);
  });
});
