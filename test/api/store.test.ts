import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { call, create, demo } from './helpers.js';

let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paysim-api-'));
  app = await buildApp({ db: join(dir, 'store.duckdb') });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the store over HTTP', () => {
  it('no store file yet: empty list, unknown run and experiment are 404', async () => {
    const runs = await call(app, 'GET', '/runs');
    expect(runs.status).toBe(200);
    expect(runs.body).toMatchObject({ total: 0, runs: [] });
    expect((await call(app, 'GET', '/runs/abc')).status).toBe(404);
    expect((await call(app, 'GET', '/experiments/x/comparison?baseline=a&candidate=b')).status).toBe(404);
  });

  it('persist stores the simulation like a CLI run; GET /runs/{key} finds it', async () => {
    const id = await create(app, demo());
    await call(app, 'POST', `/simulations/${id}/tick?count=30`);
    const persisted = await call(app, 'POST', `/simulations/${id}/persist`);
    expect(persisted.status).toBe(200);
    expect(persisted.body['stored']).toBe(true);
    const key = String(persisted.body['run_key']);
    const metrics = await call(app, 'GET', `/simulations/${id}/metrics`);
    const summary = metrics.body['summary'] as Record<string, number>;

    const one = await call(app, 'GET', `/runs/${key}`);
    expect(one.status).toBe(200);
    const run = one.body['run'] as Record<string, unknown>;
    expect(run).toMatchObject({ run_key: key, experiment_id: 'adhoc', status: 'ok', scenario: '<api>', ticks: 30, arrivals: summary['arrivals'], total_cost: summary['total_cost'] });
    expect(one.body['agents']).toHaveLength(4);
    // The simulation reports the config_hash its stored row carries (one meaning for every writer).
    const simulation = await call(app, 'GET', `/simulations/${id}`);
    expect(run['config_hash']).toBe(simulation.body['config_hash']);

    const list = await call(app, 'GET', '/runs?experiment=adhoc');
    expect(list.body['total']).toBe(1);
    expect((list.body['runs'] as Array<Record<string, unknown>>)[0]!['run_key']).toBe(key);
    expect((await call(app, 'GET', '/runs?experiment=other')).body['total']).toBe(0);
    // The same run again: nothing written.
    expect((await call(app, 'POST', `/simulations/${id}/persist`)).body['stored']).toBe(false);
    // The comparison reads the same store: unknown experiment 404, unknown variant 400.
    expect((await call(app, 'GET', '/experiments/nope/comparison?baseline=default&candidate=x')).status).toBe(404);
    const cmp = await call(app, 'GET', '/experiments/adhoc/comparison?baseline=default&candidate=missing');
    expect(cmp.status).toBe(400);
    expect(String((cmp.body['error'] as Record<string, unknown>)['message'])).toMatch(/missing/);
    // Another simulation of the same scenario, stopped at the same tick but with a payment
    // submitted over the API, is another run: it gets its own key and is stored.
    const other = await create(app, demo());
    await call(app, 'POST', `/simulations/${other}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 12_345, deadline_tick: 20 });
    await call(app, 'POST', `/simulations/${other}/tick?count=30`);
    const second = await call(app, 'POST', `/simulations/${other}/persist`);
    expect(second.body['stored']).toBe(true);
    expect(second.body['run_key']).not.toBe(key);
    // A request value is data, never SQL.
    expect((await call(app, 'GET', `/runs/${encodeURIComponent("x' OR 1=1 --")}`)).status).toBe(404);
  });
});
