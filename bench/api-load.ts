// A bounded load test of the HTTP API over loopback: 50 clients, each with its own simulation,
// 200 requests each (submit a payment, read it back, tick, check health) on keep-alive
// connections. Reports latency percentiles, errors and cross-talk (a client reading back a
// payment that is not the one it submitted). Issue 14's target: no errors, no cross-talk.
//
// Run alone: `node --import tsx bench/api-load.ts` (or `npm run bench -- api-load`).

import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../src/api/app.js';

const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 200;

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

function send(agent: Agent, port: number, method: string, path: string, payload?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchApiLoad(): Promise<void> {
  const app = await buildApp({ db: '/nonexistent/paysim-load.duckdb', maxSimulations: CLIENTS });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(address).port);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  let crossTalk = 0;
  const timed = async (method: string, path: string, payload?: unknown): Promise<Reply> => {
    const started = performance.now();
    try {
      return await send(agent, port, method, path, payload);
    } finally {
      latencies.push(performance.now() - started);
    }
  };
  const client = async (c: number): Promise<void> => {
    const scenario = {
      simulation: { ticks_per_day: 100, num_days: 1, rng_seed: c + 1 },
      agents: [
        { id: 'BANK_A', opening_balance: 10_000_000, credit_limit: 0, policy: { type: 'Fifo' } },
        { id: 'BANK_B', opening_balance: 10_000_000, credit_limit: 0, policy: { type: 'Fifo' } },
      ],
    };
    const created = await timed('POST', '/simulations', scenario);
    if (created.status !== 201) {
      errors += REQUESTS_PER_CLIENT;
      return;
    }
    const id = String(created.body['simulation_id']);
    for (let i = 1; i < REQUESTS_PER_CLIENT; i += 4) {
      // An amount only this client, this round, submits: reading it back proves no cross-talk.
      const amount = c * 1_000_000 + i;
      const submitted = await timed('POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount, deadline_tick: 99 });
      if (submitted.status !== 201) errors += 1;
      const tx = await timed('GET', `/simulations/${id}/transactions/${String(submitted.body['transaction_id'])}`);
      if (tx.status !== 200) errors += 1;
      else if (tx.body['amount'] !== amount) crossTalk += 1;
      const tick = await timed('POST', `/simulations/${id}/tick?count=1`);
      if (tick.status !== 200) errors += 1;
      const health = await timed('GET', '/health');
      if (health.status !== 200) errors += 1;
    }
    await timed('DELETE', `/simulations/${id}`);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const wall = performance.now() - started;
  agent.destroy();
  await app.close();
  const sorted = latencies.sort((a, b) => a - b);
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(
    `${CLIENTS} clients × ${REQUESTS_PER_CLIENT} requests = ${sorted.length} requests in ${(wall / 1000).toFixed(1)} s ` +
      `(${Math.round(sorted.length / (wall / 1000))} req/s)`,
  );
  console.log(`latency p50 ${ms(percentile(sorted, 50))}, p90 ${ms(percentile(sorted, 90))}, p99 ${ms(percentile(sorted, 99))}, max ${ms(sorted[sorted.length - 1]!)}`);
  console.log(`errors ${errors}, cross-talk ${crossTalk} (target: 0 and 0)`);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchApiLoad();
