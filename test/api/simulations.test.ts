import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { transactionRecord } from '../../src/engine/results.js';
import { createSimulation } from '../../src/runner/single-run.js';
import { call, create, demo, twoBanks } from './helpers.js';

/** An event's data as its JSON form: any key may be looked up. */
const wire = (e: EngineEvent): Record<string, unknown> => e.data as Record<string, unknown>;
/** Whether the list `key` of an event's data holds `id`. */
function lists(e: EngineEvent, key: string, id: number): boolean {
  const ids = wire(e)[key];
  return Array.isArray(ids) && ids.includes(id);
}

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildApp({ db: '/nonexistent/paysim-api-test.duckdb' });
});
afterEach(async () => {
  await app.close();
});

describe('simulations over HTTP', () => {
  it('create → submit two payments → tick → both settled, with mechanism', async () => {
    const res = await call(app, 'POST', '/simulations', twoBanks());
    expect(res.status).toBe(201);
    expect(res.body['tick']).toBe(0);
    const id = String(res.body['simulation_id']);

    const a = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_B', amount: 30_000, deadline_tick: 5 });
    const b = await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_B', receiver: 'BANK_A', amount: 70_000, deadline_tick: 5, priority: 9 });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect([a.body['transaction_id'], b.body['transaction_id']]).toEqual([0, 1]);

    const queued = await call(app, 'GET', `/simulations/${id}/transactions/0`);
    expect(queued.body['status']).toBe('queued_q1');

    const tick = await call(app, 'POST', `/simulations/${id}/tick?count=1`);
    expect(tick.status).toBe(200);
    expect(tick.body['tick']).toBe(1);
    const [first] = tick.body['ticks'] as Array<Record<string, number>>;
    expect(first).toMatchObject({ tick: 0, arrivals: 2, settled: 2, settled_value: 100_000, dropped: 0, q2_size: 0, q2_value: 0 });

    const t0 = await call(app, 'GET', `/simulations/${id}/transactions/0`);
    expect(t0.body).toMatchObject({ tx_id: 0, status: 'settled', settled_tick: 0, settled_by: 'rtgs', origin: 'external', arrival_tick: 0 });
    // BANK_B (50 000) can pay 70 000 only after A's 30 000 arrived: queued first in Q2 or settled
    // by RTGS after it, either way settled in this tick with a mechanism named.
    const t1 = await call(app, 'GET', `/simulations/${id}/transactions/1`);
    expect(t1.body['status']).toBe('settled');
    expect(['rtgs', 'queue', 'bilateral']).toContain(t1.body['settled_by']);
    expect(t1.body['priority']).toBe(9);

    const list = await call(app, 'GET', `/simulations/${id}/transactions?status=settled&agent=BANK_B&limit=1`);
    expect(list.body['total']).toBe(2);
    expect((list.body['transactions'] as unknown[]).length).toBe(1);

    const sims = await call(app, 'GET', '/simulations');
    expect((sims.body['simulations'] as Array<Record<string, unknown>>).map((s) => s['simulation_id'])).toEqual([id]);
    const one = await call(app, 'GET', `/simulations/${id}`);
    expect(one.body).toMatchObject({ simulation_id: id, tick: 1, total_ticks: 10, done: false });
    expect((one.body['config'] as Record<string, unknown>)['agents']).toHaveLength(2);

    expect((await call(app, 'DELETE', `/simulations/${id}`)).status).toBe(204);
    expect((await call(app, 'DELETE', `/simulations/${id}`)).status).toBe(204);
    expect((await call(app, 'GET', `/simulations/${id}`)).status).toBe(404);
  });

  it('an API payment behaves exactly as the engine says: arrives at the current tick, decided by the next tick', async () => {
    const doc = demo();
    const id = await create(app, doc);
    await call(app, 'POST', `/simulations/${id}/tick?count=3`);
    const payment = { sender: 'BANK_C', receiver: 'BANK_A', amount: 123_456, deadline_tick: 20, priority: 7, divisible: true };
    const sub = await call(app, 'POST', `/simulations/${id}/transactions`, payment);
    const txId = Number(sub.body['transaction_id']);
    expect(sub.body['arrival_tick']).toBe(3);
    await call(app, 'POST', `/simulations/${id}/tick?count=4`);

    // The same in the engine directly.
    const events: EngineEvent[] = [];
    const sim = createSimulation(parseScenarioDocument(doc, { file: 'x', baseDir: null }), { events: (e) => events.push(e) });
    sim.run(3);
    const engineId = sim.submitPayment({ sender: sim.agent('BANK_C')!, receiver: sim.agent('BANK_A')!, amount: 123_456, deadlineTick: 20, priority: 7, divisible: true });
    sim.run(4);
    expect(txId).toBe(engineId);
    const viaApi = await call(app, 'GET', `/simulations/${id}/transactions/${txId}`);
    const expected = transactionRecord(sim.state, sim.state.txs[engineId]!);
    expect(viaApi.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(expected.arrival_tick).toBe(3);
    // Released (or held) by the policy step of tick 3, the next processed tick.
    const firstDecision = events.find((e) => e.tx === engineId && ['submit', 'hold', 'split', 'drop'].includes(e.type));
    expect(firstDecision?.tick).toBe(3);

    const evs = await call(app, 'GET', `/simulations/${id}/events?tx=${txId}`);
    const apiEvents = (evs.body['events'] as EngineEvent[]).map((e) => [e.type, e.tick]);
    expect(apiEvents).toEqual(events.filter((e) => e.tx === engineId || lists(e, 'payment_ids', engineId) || lists(e, 'child_ids', engineId)).map((e) => [e.type, e.tick]));
    const state = await call(app, 'GET', `/simulations/${id}/state`);
    expect((state.body['agents'] as Array<Record<string, number>>).map((a) => a['balance'])).toEqual([...sim.state.balances]);
  });

  it('state, costs and metrics have their shapes', async () => {
    const id = await create(app, demo());
    await call(app, 'POST', `/simulations/${id}/tick?count=20`);
    const state = await call(app, 'GET', `/simulations/${id}/state`);
    expect(state.body).toMatchObject({ simulation_id: id, tick: 20, total_ticks: 100, done: false });
    const agents = state.body['agents'] as Array<Record<string, unknown>>;
    expect(agents).toHaveLength(4);
    expect(Object.keys(agents[0]!).sort()).toEqual(
      ['agent', 'available_liquidity', 'balance', 'collateral_capacity', 'credit_limit', 'posted_collateral', 'q1_size', 'q1_value', 'q2_size', 'q2_value'].sort(),
    );
    const total = agents.reduce((s, a) => s + Number(a['balance']), 0);
    const opening = ((demo() as { agents: Array<{ opening_balance: number }> }).agents).reduce((s, a) => s + a.opening_balance, 0);
    expect(total).toBe(opening);

    const costs = await call(app, 'GET', `/simulations/${id}/costs`);
    const costAgents = costs.body['agents'] as Array<Record<string, number>>;
    expect(Object.keys(costAgents[0]!).sort()).toEqual(['agent', 'backstop', 'cb_credit', 'collateral', 'deadline', 'delay', 'eod', 'liquidity', 'overdraft', 'split', 'total'].sort());
    const totals = costs.body['totals'] as Record<string, number>;
    expect(totals['total']).toBe(costAgents.reduce((s, a) => s + a['total']!, 0));

    const metrics = await call(app, 'GET', `/simulations/${id}/metrics`);
    const summary = metrics.body['summary'] as Record<string, unknown>;
    expect(summary['ticks']).toBe(20);
    expect(summary['total_cost']).toBe(totals['total']);
    expect(Number(summary['arrivals'])).toBeGreaterThan(0);
  });

  it('events: filter by type, agent and tick range; kept within the cap', async () => {
    const small = await buildApp({ db: '/nonexistent/x.duckdb', maxEventsPerSimulation: 50 });
    try {
      const id = await create(small, demo());
      await call(small, 'POST', `/simulations/${id}/tick?count=30`);
      const all = await call(small, 'GET', `/simulations/${id}/events?limit=10000`);
      expect(all.body['returned']).toBe(50);
      expect(Number(all.body['evicted'])).toBeGreaterThan(0);
      const seqs = (all.body['events'] as EngineEvent[]).map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    } finally {
      await small.close();
    }
    const id = await create(app, demo());
    await call(app, 'POST', `/simulations/${id}/tick?count=30`);
    const res = await call(app, 'GET', `/simulations/${id}/events?type=settle,drop&agent=BANK_A&from_tick=10&to_tick=19&limit=5`);
    expect(res.status).toBe(200);
    const events = res.body['events'] as EngineEvent[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(5);
    for (const e of events) {
      expect(['settle', 'drop']).toContain(e.type);
      expect(e.tick).toBeGreaterThanOrEqual(10);
      expect(e.tick).toBeLessThanOrEqual(19);
      expect(e.agent === 'BANK_A' || wire(e)['receiver'] === 'BANK_A').toBe(true);
    }
    const bad = await call(app, 'GET', `/simulations/${id}/events?type=nonsense`);
    expect(bad.status).toBe(400);
    expect((bad.body['error'] as Record<string, unknown>)['details']).toEqual([expect.objectContaining({ path: 'querystring.type' })]);
  });

  it('checkpoint → from-checkpoint → ticking both gives identical state', async () => {
    const doc = demo();
    const id = await create(app, doc);
    await call(app, 'POST', `/simulations/${id}/tick?count=25`);
    await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'BANK_A', receiver: 'BANK_D', amount: 999, deadline_tick: 40 });
    const cp = await call(app, 'POST', `/simulations/${id}/checkpoints`);
    expect(cp.status).toBe(200);
    expect(cp.body['tick']).toBe(25);
    const restored = await call(app, 'POST', '/simulations/from-checkpoint', { scenario: doc, checkpoint: cp.body['checkpoint'] });
    expect(restored.status).toBe(201);
    expect(restored.body['tick']).toBe(25);
    const id2 = String(restored.body['simulation_id']);
    expect(id2).not.toBe(id);

    const t1 = await call(app, 'POST', `/simulations/${id}/tick?count=40`);
    const t2 = await call(app, 'POST', `/simulations/${id2}/tick?count=40`);
    expect(t2.body['ticks']).toEqual(t1.body['ticks']);
    const s1 = await call(app, 'GET', `/simulations/${id}/state`);
    const s2 = await call(app, 'GET', `/simulations/${id2}/state`);
    expect({ ...s2.body, simulation_id: null }).toEqual({ ...s1.body, simulation_id: null });
    const m1 = await call(app, 'GET', `/simulations/${id}/metrics`);
    const m2 = await call(app, 'GET', `/simulations/${id2}/metrics`);
    expect(m2.body['summary']).toEqual(m1.body['summary']);

    // Another config: refused with the engine's message.
    const other = { ...(doc as Record<string, unknown>), simulation: { ticks_per_day: 100, num_days: 1, rng_seed: 43 } };
    const wrong = await call(app, 'POST', '/simulations/from-checkpoint', { scenario: other, checkpoint: cp.body['checkpoint'] });
    expect(wrong.status).toBe(400);
    expect(String((wrong.body['error'] as Record<string, unknown>)['message'])).toMatch(/different scenario configuration/);
  });
});
