// Payment files over the HTTP API: a shipped scenario (POST /simulations/from-file) reads its
// payment file beside it whatever the format — CSV, Parquet (read ahead with DuckDB) or ISO 20022
// messages — and runs as `paysim run` runs it.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { preloadPaymentFiles } from '../../src/config/payments/parquet.js';
import { runScenario } from '../../src/runner/single-run.js';
import { tempDir } from '../store/helpers.js';
import { call } from './helpers.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ db: join(tempDir(), 'payments.duckdb') });
});

afterAll(async () => {
  await app?.close();
});

/** The summary of a shipped scenario run to its end over the API. */
async function runOverApi(file: string, ticks: number): Promise<Record<string, unknown>> {
  const created = await call(app, 'POST', '/simulations/from-file', { file });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = String(created.body['simulation_id']);
  const ticked = await call(app, 'POST', `/simulations/${id}/tick?count=${ticks}`);
  expect(ticked.status, JSON.stringify(ticked.body)).toBe(200);
  const metrics = await call(app, 'GET', `/simulations/${id}/metrics`);
  await call(app, 'DELETE', `/simulations/${id}`);
  return metrics.body['summary'] as Record<string, unknown>;
}

describe('payment files over the HTTP API', () => {
  it('a Parquet payment file runs as its CSV twin does, and as paysim run runs it', async () => {
    const parquet = await runOverApi('payment_file_parquet_demo.yaml', 20);
    const csv = await runOverApi('payment_file_demo.yaml', 20);
    expect(parquet['arrivals']).toBe(36);
    expect(parquet).toEqual(csv);
    await preloadPaymentFiles(['scenarios/payment_file_parquet_demo.yaml']);
    const cli = runScenario(loadScenarioFile('scenarios/payment_file_parquet_demo.yaml')).result.summary;
    expect(parquet['settled_value']).toBe(cli.settled_value);
    expect(parquet['settled']).toBe(cli.settled);
  });

  it('an ISO 20022 day runs over the API', async () => {
    const iso = await runOverApi('iso20022_demo.yaml', 100);
    expect(iso).toMatchObject({ arrivals: 269, settled: 221, dropped: 43 });
  });
});
