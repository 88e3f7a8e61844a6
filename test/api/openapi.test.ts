// The OpenAPI document against the server (issue 26): every operation documents its success body
// with a schema and an example; every error status carries an example per code, and the code the
// server really sends for that status on that route is among them; the tick `count` states the
// server's limit; the examples validate against their own schemas, and so do real answers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { DEFAULT_LIMITS } from '../../src/api/context.js';
import { tempDir } from '../store/helpers.js';
import { call, create, twoBanks } from './helpers.js';

type Json = Record<string, unknown>;

interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Response {
  description: string;
  content?: Record<string, Media>;
}
interface Operation {
  responses: Record<string, Response>;
  parameters?: Array<{ name: string; in: string; schema: Json }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json> };
}

const MAX_TICKS = 50;
let app: FastifyInstance;
let doc: Document;

beforeAll(async () => {
  app = await buildApp({ db: join(tempDir('paysim-openapi-'), 'api.duckdb'), maxSimulations: 4, maxTicksPerRequest: MAX_TICKS, bodyLimitBytes: 64 * 1024 });
  doc = (await call(app, 'GET', '/openapi.json')).body as unknown as Document;
});
afterAll(async () => {
  await app.close();
});

const operations = (): Array<[string, Operation]> =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => [`${m} ${path}`, op] as [string, Operation]));

const operation = (key: string): Operation => {
  const [method, path] = key.split(' ') as [string, string];
  const op = doc.paths[path]?.[method];
  if (op === undefined) throw new Error(`no operation ${key} in the document`);
  return op;
};

/** The error codes the document gives as examples for a status of an operation. */
function documentedCodes(key: string, status: number): string[] {
  const media = operation(key).responses[String(status)]?.content?.['application/json'];
  return Object.values(media?.examples ?? {}).map((e) => String((e.value as { error: { code: string } }).error.code));
}

/** A schema with `#/components/schemas/…` references resolved against the document. */
function resolve(schema: Json): Json {
  const ref = schema['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return doc.components.schemas[ref.slice('#/components/schemas/'.length)]!;
  return schema;
}

// strict: false — the schemas carry OpenAPI annotations (`example`); formats are descriptive here.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
function validate(schema: Json, value: unknown): string {
  const check = ajv.compile(resolve(schema));
  return check(value) ? '' : ajv.errorsText(check.errors);
}

describe('success responses', () => {
  it('every operation has one 2xx response with a schema and an example (a 204 has no body)', () => {
    const all = operations();
    expect(all.length).toBeGreaterThanOrEqual(26);
    for (const [key, op] of all) {
      const ok = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(ok, key).toHaveLength(1);
      const response = op.responses[ok[0]!]!;
      if (ok[0] === '204') {
        expect(response.content, key).toBeUndefined();
        continue;
      }
      const media = Object.values(response.content ?? {});
      expect(media, key).toHaveLength(1);
      expect(media[0]!.schema, key).toBeDefined();
      expect(media[0]!.example, key).toBeDefined();
    }
  });

  it('every success example validates against its own schema', () => {
    for (const [key, op] of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => s.startsWith('2'))) {
        for (const media of Object.values(response.content ?? {})) {
          expect(validate(media.schema!, media.example), `${key} ${status}`).toBe('');
        }
      }
    }
  });

  it("real answers validate against the documented schemas", async () => {
    const answers: Array<[string, string, string]> = [];
    const check = async (key: string, url: string, payload?: unknown): Promise<Json> => {
      const [method] = key.split(' ') as ['get' | 'post' | 'delete'];
      const res = await call(app, method.toUpperCase() as 'GET', url, payload);
      const [status, response] = Object.entries(operation(key).responses).find(([s]) => s.startsWith('2'))!;
      expect(res.status, `${key}: ${JSON.stringify(res.body)}`).toBe(Number(status));
      const schema = response.content?.['application/json']?.schema;
      if (schema !== undefined) answers.push([key, validate(schema, res.body), JSON.stringify(res.body).slice(0, 300)]);
      return res.body;
    };
    const id = String((await check('post /simulations', '/simulations', twoBanks()))['simulation_id']);
    await check('get /health', '/health');
    await check('get /simulations', '/simulations');
    await check('get /simulations/{id}', `/simulations/${id}`);
    await check('post /simulations/{id}/transactions', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 1000, deadline_tick: 5 });
    await check('post /simulations/{id}/scenario-events', `/simulations/${id}/scenario-events`, { at_tick: 3, type: 'liquidity_shock', agent: 'BANK_A', balance_change: -200 });
    await check('post /simulations/{id}/tick', `/simulations/${id}/tick?count=4`);
    await check('get /simulations/{id}/state', `/simulations/${id}/state`);
    await check('get /simulations/{id}/costs', `/simulations/${id}/costs`);
    await check('get /simulations/{id}/metrics', `/simulations/${id}/metrics`);
    await check('get /simulations/{id}/events', `/simulations/${id}/events`);
    await check('get /simulations/{id}/transactions', `/simulations/${id}/transactions`);
    await check('get /simulations/{id}/transactions/{tx}', `/simulations/${id}/transactions/0`);
    const checkpoint = (await check('post /simulations/{id}/checkpoints', `/simulations/${id}/checkpoints`))['checkpoint'];
    const restored = String((await check('post /simulations/from-checkpoint', '/simulations/from-checkpoint', { scenario: twoBanks(), checkpoint }))['simulation_id']);
    const runKey = String((await check('post /simulations/{id}/persist', `/simulations/${id}/persist`))['run_key']);
    await check('get /runs', '/runs');
    await check('get /runs/{run_key}', `/runs/${runKey}`);
    await check('get /experiments', '/experiments');
    await check('get /scenarios', '/scenarios');
    await check('delete /simulations/{id}', `/simulations/${restored}`);
    const fromText = String((await check('post /simulations/from-text', '/simulations/from-text', { text: JSON.stringify(twoBanks()) }))['simulation_id']);
    await check('delete /simulations/{id}', `/simulations/${fromText}`);
    const fromFile = String((await check('post /simulations/from-file', '/simulations/from-file', { file: 'realistic_demo.yaml' }))['simulation_id']);
    await check('delete /simulations/{id}', `/simulations/${fromFile}`);
    await check('delete /simulations/{id}', `/simulations/${id}`);
    for (const [key, problems, body] of answers) expect(problems, `${key}: ${body}`).toBe('');
  });
});

describe('error responses', () => {
  it('every error status has an example per code, each valid against the Error schema', () => {
    for (const [key, op] of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => !s.startsWith('2'))) {
        const media = response.content?.['application/json'];
        expect(media?.schema, `${key} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        const examples = Object.entries(media?.examples ?? {});
        expect(examples.length, `${key} ${status}`).toBeGreaterThan(0);
        for (const [code, example] of examples) {
          expect(validate(media!.schema!, example.value), `${key} ${status} ${code}`).toBe('');
          expect((example.value as { error: { code: string } }).error.code, `${key} ${status}`).toBe(code);
        }
      }
    }
  });

  it('403, 404, 409, 413, 415 and 400 show different codes (not one 400 body for all)', () => {
    const byStatus = new Map<string, Set<string>>();
    for (const [key, op] of operations()) {
      for (const status of Object.keys(op.responses).filter((s) => !s.startsWith('2'))) {
        const codes = byStatus.get(status) ?? new Set<string>();
        for (const code of documentedCodes(key, Number(status))) codes.add(code);
        byStatus.set(status, codes);
      }
    }
    expect([...byStatus.get('403')!]).toEqual(['forbidden_host']);
    expect([...byStatus.get('404')!]).toEqual(['not_found']);
    expect([...byStatus.get('413')!]).toEqual(['body_too_large']);
    expect([...byStatus.get('415')!]).toEqual(['unsupported_media_type']);
    expect([...byStatus.get('409')!].sort()).toEqual(['conflict', 'simulation_stopped']);
    expect([...byStatus.get('400')!].sort()).toEqual(['bad_checkpoint', 'bad_request', 'validation_failed']);
  });

  it('the code the server sends for a status on a route is one the document shows for it', async () => {
    const id = await create(app, twoBanks(10, 1));
    const big = { ...twoBanks(), padding: 'x'.repeat(100 * 1024) };
    const cases: Array<[string, number, () => Promise<{ statusCode: number; body: string }>]> = [
      ['get /health', 403, () => app.inject({ method: 'GET', url: '/health', headers: { host: 'evil.example' } })],
      ['get /simulations/{id}/state', 403, () => app.inject({ method: 'GET', url: `/simulations/${id}/state`, headers: { host: 'evil.example' } })],
      ['get /simulations/{id}', 404, () => app.inject({ method: 'GET', url: '/simulations/no-such-simulation' })],
      ['get /simulations/{id}/transactions/{tx}', 404, () => app.inject({ method: 'GET', url: `/simulations/${id}/transactions/99` })],
      ['get /runs/{run_key}', 404, () => app.inject({ method: 'GET', url: '/runs/no-such-run' })],
      ['post /simulations/from-file', 404, () => app.inject({ method: 'POST', url: '/simulations/from-file', payload: { file: 'no-such.yaml' } })],
      ['post /simulations/{id}/tick', 409, () => app.inject({ method: 'POST', url: `/simulations/${id}/tick?count=11` })],
      ['post /simulations/{id}/tick', 400, () => app.inject({ method: 'POST', url: `/simulations/${id}/tick?count=${MAX_TICKS + 1}` })],
      ['post /simulations', 413, () => app.inject({ method: 'POST', url: '/simulations', payload: big })],
      ['post /simulations', 415, () => app.inject({ method: 'POST', url: '/simulations', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify(twoBanks()) })],
      ['post /simulations', 400, () => app.inject({ method: 'POST', url: '/simulations', payload: { ...twoBanks(), agents: [{ id: 'A', opening_balance: -5, policy: { type: 'Fifo' } }] } })],
      ['post /simulations/{id}/transactions', 400, () => app.inject({ method: 'POST', url: `/simulations/${id}/transactions`, payload: { sender: 'BANK_A', receiver: 'NOPE', amount: 1, deadline_tick: 5 } })],
      ['post /simulations/{id}/transactions', 413, () => app.inject({ method: 'POST', url: `/simulations/${id}/transactions`, payload: big })],
      ['post /simulations/{id}/scenario-events', 400, () => app.inject({ method: 'POST', url: `/simulations/${id}/scenario-events`, payload: { at_tick: 3, type: 'no_such_event' } })],
      ['post /simulations/from-checkpoint', 400, () => app.inject({ method: 'POST', url: '/simulations/from-checkpoint', payload: { scenario: twoBanks(), checkpoint: { format: 'nonsense' } } })],
    ];
    const seen = new Map<number, Set<string>>();
    for (const [key, status, send] of cases) {
      const res = await send();
      const body = JSON.parse(res.body) as Json;
      expect(res.statusCode, `${key}: ${res.body}`).toBe(status);
      expect(validate({ $ref: '#/components/schemas/Error' }, body), key).toBe('');
      const code = (body['error'] as { code: string }).code;
      expect(documentedCodes(key, status), `${key} ${status}`).toContain(code);
      seen.set(status, new Set([...(seen.get(status) ?? []), code]));
    }
    // Where a route has an example in its own words, it is the body the server sends.
    const exact: Array<[string, number, string, string, unknown?]> = [
      ['post /simulations/{id}/transactions', 400, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_Z', amount: 1, deadline_tick: 5 }],
      ['get /simulations/{id}/events', 400, 'GET', `/simulations/${id}/events?type=setle`],
      ['get /simulations/{id}/transactions', 400, 'GET', `/simulations/${id}/transactions?agent=BANK_Z`],
      ['post /simulations/{id}/scenario-events', 400, 'POST', `/simulations/${id}/scenario-events`, { at_tick: 3, type: 'liquidity_shock', agent: 'BANK_Z', balance_change: -200 }],
    ];
    // (Not-found experiments are left out: their message lists the store's experiments.)
    for (const [key, status, method, url, payload] of exact) {
      const res = await call(app, method as 'GET', url, payload);
      expect(res.status, key).toBe(status);
      const code = (res.body['error'] as { code: string }).code;
      const example = operation(key).responses[String(status)]!.content!['application/json']!.examples![code]!.value;
      expect(res.body, key).toEqual(example);
    }

    // The 400s above are of three kinds, each with its own example.
    expect([...seen.get(400)!].sort()).toEqual(['bad_checkpoint', 'bad_request', 'validation_failed']);

    // 429: the server holds its maximum (4) of live simulations.
    const live = ((await call(app, 'GET', '/simulations')).body['simulations'] as unknown[]).length;
    const extra: string[] = [];
    for (let i = live; i < 4; i++) extra.push(await create(app, twoBanks()));
    const full = await call(app, 'POST', '/simulations', twoBanks());
    expect(full.status).toBe(429);
    expect(documentedCodes('post /simulations', 429)).toContain((full.body['error'] as Json)['code']);
    for (const other of [id, ...extra]) await call(app, 'DELETE', `/simulations/${other}`);
  });

  it('a store that cannot be opened is the documented 503 on the store routes', async () => {
    const file = join(tempDir('paysim-openapi-'), 'garbage.duckdb');
    writeFileSync(file, 'not a database');
    const broken = await buildApp({ db: file });
    try {
      for (const [key, url] of [['get /runs', '/runs'], ['get /runs/{run_key}', '/runs/x'], ['get /experiments', '/experiments']] as const) {
        const res = await call(broken, 'GET', url);
        expect(res.status, key).toBe(503);
        expect(documentedCodes(key, 503), key).toContain((res.body['error'] as Json)['code']);
      }
    } finally {
      await broken.close();
    }
  });
});

describe('the tick count', () => {
  it("documents the server's limit as its maximum, and the server holds to it", async () => {
    const count = operation('post /simulations/{id}/tick').parameters!.find((p) => p.name === 'count' && p.in === 'query')!;
    expect(count.schema['maximum']).toBe(MAX_TICKS);
    expect(count.schema['minimum']).toBe(1);
    const id = await create(app, twoBanks(MAX_TICKS + 10, 1));
    expect((await call(app, 'POST', `/simulations/${id}/tick?count=${MAX_TICKS + 1}`)).status).toBe(400);
    expect((await call(app, 'POST', `/simulations/${id}/tick?count=${MAX_TICKS}`)).status).toBe(200);
    await call(app, 'DELETE', `/simulations/${id}`);

    // A server with the default limits documents the default.
    const plain = await buildApp({ db: '/nonexistent/paysim-openapi.duckdb' });
    try {
      const plainDoc = (await call(plain, 'GET', '/openapi.json')).body as unknown as Document;
      const tick = plainDoc.paths['/simulations/{id}/tick']!['post']!;
      expect(tick.parameters!.find((p) => p.name === 'count')!.schema['maximum']).toBe(DEFAULT_LIMITS.maxTicksPerRequest);
    } finally {
      await plain.close();
    }
  });
});
