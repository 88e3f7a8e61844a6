// The endpoints behind the live viewer: shipped scenarios, simulations from a file name or an
// uploaded text (with decision traces), scenario events added to a running simulation, and the
// per-tick frames of the stream.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { StreamHello, TickFrame } from '../../src/web/protocol.js';
import { tempDir } from '../store/helpers.js';
import { call, create, twoBanks } from './helpers.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ db: join(tempDir(), 'viewer.duckdb') });
});

afterAll(async () => {
  await app?.close();
});

const paths = (body: Record<string, unknown>): string[] =>
  ((body['error'] as { details?: Array<{ path: string }> }).details ?? []).map((d) => d.path);

describe('shipped scenarios', () => {
  it('GET /scenarios lists the files of scenarios/ with their size', async () => {
    const res = await call(app, 'GET', '/scenarios');
    expect(res.status).toBe(200);
    const list = res.body['scenarios'] as Array<{ file: string; agents: number; ticks_per_day: number }>;
    expect(list.map((s) => s.file)).toContain('high_stress_gridlock.yaml');
    expect(list.find((s) => s.file === 'high_stress_gridlock.yaml')).toMatchObject({ agents: 4, ticks_per_day: 100, num_days: 1 });
    expect(list.find((s) => s.file === 'large_scale_200_agents.yaml')!.agents).toBe(200);
  });

  it('POST /simulations/from-file starts one by file name (policy files resolve beside it); anything else is refused', async () => {
    const ok = await call(app, 'POST', '/simulations/from-file', { file: '18_agent_3_policy_simulation.yaml', trace: true });
    expect(ok.status).toBe(201);
    const id = String(ok.body['simulation_id']);
    expect((await call(app, 'GET', `/simulations/${id}`)).body['num_agents']).toBe(18);
    await call(app, 'DELETE', `/simulations/${id}`);
    for (const file of ['nope.yaml', '../package.json', 'policies', 'payments/four_banks.csv']) {
      const res = await call(app, 'POST', '/simulations/from-file', { file });
      expect(res.status, file).toBe(404);
    }
    const bad = await call(app, 'POST', '/simulations/from-file', { file: 1 });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['file']);
    const extra = await call(app, 'POST', '/simulations/from-file', { file: 'minimal.yaml', seed: 3 });
    expect(paths(extra.body)).toEqual(['seed']);
  });

  it('POST /simulations/from-file refuses a shipped scenario over the agent limit, at path agents', async () => {
    const small = await buildApp({ db: join(tempDir(), 'small.duckdb'), maxAgents: 17 });
    try {
      const res = await call(small, 'POST', '/simulations/from-file', { file: '18_agent_3_policy_simulation.yaml' });
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(['agents']);
      expect(String((res.body['error'] as Record<string, unknown>)['message'])).toContain('too many agents: 18 (this server allows 17)');
    } finally {
      await small.close();
    }
  });
});

describe('simulations from an uploaded text', () => {
  const yaml = [
    'simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 7}',
    'agents:',
    '  - {id: A, opening_balance: 1000, policy: {type: Fifo}}',
    '  - {id: B, opening_balance: 500, policy: {type: Fifo}}',
  ].join('\n');

  it('YAML text starts a simulation', async () => {
    const res = await call(app, 'POST', '/simulations/from-text', { text: yaml });
    expect(res.status).toBe(201);
    await call(app, 'DELETE', `/simulations/${String(res.body['simulation_id'])}`);
  });

  it('a broken file gives the path: problem lines of paysim validate', async () => {
    const invalid = await call(app, 'POST', '/simulations/from-text', { text: yaml.replace('opening_balance: 500,', 'opening_balance: 500, credit_limit: -5,') });
    expect(invalid.status).toBe(400);
    expect((invalid.body['error'] as { code: string }).code).toBe('validation_failed');
    expect(paths(invalid.body)).toEqual(['agents[1].credit_limit']);
    const syntax = await call(app, 'POST', '/simulations/from-text', { text: 'agents: [\n  {id: A' });
    expect(syntax.status).toBe(400);
    const details = (syntax.body['error'] as { details: Array<{ path: string; message: string }> }).details;
    expect(details[0]!.path).toBe('');
    expect(details[0]!.message).toMatch(/^line \d+, column \d+: /);
    // No file may be named from an upload.
    const tree = await call(app, 'POST', '/simulations/from-text', { text: yaml.replace('{type: Fifo}}', '{type: Tree, file: /etc/passwd}}') });
    expect(tree.status).toBe(400);
    expect(paths(tree.body)[0]).toMatch(/^agents\[0\]\.policy/);
  });

  it('trace: true puts the decision path in policy events; POST /simulations?trace=true too', async () => {
    const scenario = { ...twoBanks(), agents: [{ id: 'A', opening_balance: 1000, policy: { type: 'Fifo' } }, { id: 'B', opening_balance: 0, policy: { type: 'Fifo' } }] };
    for (const traced of [true, false]) {
      const res = await call(app, 'POST', `/simulations?trace=${traced}`, scenario);
      const id = String(res.body['simulation_id']);
      await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'A', receiver: 'B', amount: 10, deadline_tick: 5 });
      await call(app, 'POST', `/simulations/${id}/tick`);
      const events = (await call(app, 'GET', `/simulations/${id}/events?type=submit`)).body['events'] as Array<{ data: { path?: string } }>;
      expect(events).toHaveLength(1);
      expect(typeof events[0]!.data.path, String(traced)).toBe(traced ? 'string' : 'undefined');
      await call(app, 'DELETE', `/simulations/${id}`);
    }
  });
});

describe('POST /simulations/{id}/scenario-events', () => {
  it('schedules a liquidity shock that fires at its tick', async () => {
    // A has 1 000 and owes 1 500: queued at tick 0; +500 at tick 2 settles it then.
    const id = await create(app, { ...twoBanks(), agents: [{ id: 'A', opening_balance: 1000, policy: { type: 'Fifo' } }, { id: 'B', opening_balance: 0, policy: { type: 'Fifo' } }] });
    await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'A', receiver: 'B', amount: 1500, deadline_tick: 9 });
    await call(app, 'POST', `/simulations/${id}/tick`);
    const res = await call(app, 'POST', `/simulations/${id}/scenario-events`, { at_tick: 2, type: 'liquidity_shock', agent: 'A', balance_change: 500 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ tick: 1, fires_at: 2 });
    await call(app, 'POST', `/simulations/${id}/tick`);
    expect((await call(app, 'GET', `/simulations/${id}/transactions/0`)).body['status']).toBe('queued_q2');
    await call(app, 'POST', `/simulations/${id}/tick`);
    const tx = (await call(app, 'GET', `/simulations/${id}/transactions/0`)).body;
    expect([tx['status'], tx['settled_tick']]).toEqual(['settled', 2]);
    const fired = (await call(app, 'GET', `/simulations/${id}/events?type=scenario_event`)).body['events'] as Array<{ tick: number; agent: string }>;
    expect(fired.map((e) => [e.tick, e.agent])).toEqual([[2, 'A']]);
  });

  it('schedules a participant failure: a default at tick 1 keeps A from paying, B still pays A', async () => {
    const banks = [{ id: 'A', opening_balance: 1000, policy: { type: 'Fifo' } }, { id: 'B', opening_balance: 300, policy: { type: 'Fifo' } }];
    const id = await create(app, { ...twoBanks(), agents: banks });
    const res = await call(app, 'POST', `/simulations/${id}/scenario-events`, { at_tick: 1, type: 'participant_failure', agent: 'A', mode: 'default', announce_after: 0 });
    expect(res.status).toBe(201);
    await call(app, 'POST', `/simulations/${id}/tick`);
    await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'A', receiver: 'B', amount: 500, deadline_tick: 9 });
    await call(app, 'POST', `/simulations/${id}/transactions`, { sender: 'B', receiver: 'A', amount: 300, deadline_tick: 9 });
    await call(app, 'POST', `/simulations/${id}/tick`);
    const statuses = await Promise.all([0, 1].map(async (tx) => (await call(app, 'GET', `/simulations/${id}/transactions/${tx}`)).body['status']));
    expect(statuses).toEqual(['queued_q1', 'settled']);
    const bad = await call(app, 'POST', `/simulations/${id}/scenario-events`, { at_tick: 5, type: 'participant_failure', agent: 'A', mode: 'partial', share: 2 });
    expect([bad.status, paths(bad.body)]).toEqual([400, ['share']]);
  });

  it('refuses bad events with the paths of the event, and events in the past', async () => {
    const id = await create(app, twoBanks());
    await call(app, 'POST', `/simulations/${id}/tick?count=3`);
    const cases: Array<[unknown, string[]]> = [
      [{ at_tick: 5, type: 'outage', agent: 'NOBODY', duration: 2 }, ['agent']],
      [{ at_tick: 5, type: 'outage', agent: 'BANK_A', duration: 0 }, ['duration']],
      [{ at_tick: 5, type: 'liquidity_shock', agent: 'BANK_A' }, ['']],
      [{ type: 'rtgs_outage', duration: 1 }, ['']],
      [{ at_tick: 5, type: 'meteor', agent: 'BANK_A' }, ['type']],
      [{ at_tick: 2, type: 'outage', agent: 'BANK_A', duration: 1 }, ['at_tick']],
      [{ every: { start: 1, interval: 2, until: 8 }, type: 'lsm_off', duration: 1 }, ['every.start']],
      [{ at_tick: 10, type: 'outage', agent: 'BANK_A', duration: 1 }, ['at_tick']],
    ];
    for (const [event, expected] of cases) {
      const res = await call(app, 'POST', `/simulations/${id}/scenario-events`, event);
      expect(res.status, JSON.stringify(event)).toBe(400);
      expect(paths(res.body), JSON.stringify(event)).toEqual(expected);
    }
    expect((await call(app, 'POST', `/simulations/nope/scenario-events`, { at_tick: 5, type: 'rtgs_outage', duration: 1 })).status).toBe(404);
    await call(app, 'POST', `/simulations/${id}/tick?count=7`);
    expect((await call(app, 'POST', `/simulations/${id}/scenario-events`, { at_tick: 10, type: 'rtgs_outage', duration: 1 })).status).toBe(409);
  });
});

/** The SSE messages of a stream as they arrive. */
class StreamReader {
  private buffer = '';
  private readonly queue: Array<{ event: string; data: unknown }> = [];
  private waiting: (() => void) | null = null;
  ended = false;

  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.buffer += chunk;
      let at: number;
      while ((at = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, at);
        this.buffer = this.buffer.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as unknown;
        this.queue.push({ event, data });
      }
      this.waiting?.();
    });
    response.on('end', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  async next(): Promise<{ event: string; data: unknown }> {
    while (this.queue.length === 0) {
      if (this.ended) throw new Error('stream ended');
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.queue.shift()!;
  }
}

describe('GET /simulations/{id}/stream', () => {
  it('sends hello with the state, then one frame per tick that matches GET …/state; DELETE ends it', async () => {
    const server = await buildApp({ db: join(tempDir(), 'stream.duckdb') });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const created = await fetch(`${base}/simulations/from-file`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file: 'high_stress_gridlock.yaml', trace: true }),
      });
      const id = ((await created.json()) as { simulation_id: string }).simulation_id;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest(`${base}/simulations/${id}/stream`, resolve).on('error', reject).end();
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      const reader = new StreamReader(response);
      const hello = await reader.next();
      expect(hello.event).toBe('hello');
      const h = hello.data as StreamHello;
      expect(h.agents).toEqual(['BANK_A', 'BANK_B', 'BANK_C', 'BANK_D']);
      expect(h.frame).toMatchObject({ tick: 0, processed_tick: null, balance: [500000, 600000, 400000, 550000] });
      const ticked = await fetch(`${base}/simulations/${id}/tick?count=30`, { method: 'POST' });
      expect(ticked.status).toBe(200);
      const ticks = (((await ticked.json()) as { ticks: Array<{ settled: number; arrivals: number }> }).ticks);
      const frames: TickFrame[] = [];
      for (let i = 0; i < 30; i++) {
        const m = await reader.next();
        expect(m.event).toBe('tick');
        frames.push(m.data as TickFrame);
      }
      expect(frames.map((f) => f.processed_tick)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(frames.map((f) => f.settled)).toEqual(ticks.map((t) => t.settled));
      expect(frames.map((f) => f.arrivals)).toEqual(ticks.map((t) => t.arrivals));
      const last = frames[29]!;
      const state = (await (await fetch(`${base}/simulations/${id}/state`)).json()) as { tick: number; agents: Array<Record<string, number>> };
      expect(last.tick).toBe(state.tick);
      for (const key of ['balance', 'credit_limit', 'q1_size', 'q1_value', 'q2_size', 'q2_value'] as const) {
        expect(last[key], key).toEqual(state.agents.map((a) => a[key]));
      }
      // Queued pairs add up to each sender's queues; settled pairs to the tick's settlements.
      const bySender = [0, 0, 0, 0];
      for (const [s, , q1, q2] of last.queued) bySender[s]! += q1 + q2;
      expect(bySender).toEqual(state.agents.map((a) => a['q1_value']! + a['q2_value']!));
      for (const f of frames) expect(f.settled_pairs.reduce((n, p) => n + p[2], 0)).toBe(f.settled);
      // Every LSM set of the events is in the frame of its tick, with its agents.
      const lsmEvents = ((await (await fetch(`${base}/simulations/${id}/events?type=lsm_bilateral,lsm_cycle,lsm_multilateral&limit=10000`)).json()) as {
        events: Array<{ tick: number; type: string; data: { agents?: string[]; payment_ids: number[] } }>;
      }).events;
      const fromFrames = frames.flatMap((f) => f.lsm.map((set) => [f.processed_tick, set.kind, set.payments]));
      expect(fromFrames).toEqual(lsmEvents.map((e) => [e.tick, e.type.replace('lsm_', ''), e.data.payment_ids.length]));
      for (const f of frames) {
        for (const set of f.lsm) {
          expect(set.edges.length).toBeGreaterThan(0);
          if (set.kind === 'cycle') expect(set.agents.length).toBeGreaterThanOrEqual(2);
        }
      }
      // The system figures equal the run summary's, then and at the end of the day.
      const expectSummary = async (frame: TickFrame): Promise<void> => {
        const { summary } = (await (await fetch(`${base}/simulations/${id}/metrics`)).json()) as {
          summary: { settlement_rate_value: number; peak_liquidity_used: number; liquidity_by_day: Array<{ liquidity_used: number }> };
        };
        expect(frame.settlement_rate_value).toBe(summary.settlement_rate_value);
        expect(frame.peak_liquidity_used).toBe(summary.peak_liquidity_used);
        if (!frame.done) expect(frame.liquidity_used).toBe(summary.liquidity_by_day.at(-1)!.liquidity_used);
      };
      await expectSummary(last);
      await fetch(`${base}/simulations/${id}/tick?count=70`, { method: 'POST' });
      let end: TickFrame = last;
      for (let i = 0; i < 70; i++) end = (await reader.next()).data as TickFrame;
      expect([end.tick, end.done, end.liquidity_used]).toEqual([100, true, 0]);
      await expectSummary(end);
      await fetch(`${base}/simulations/${id}`, { method: 'DELETE' });
      expect((await reader.next()).event).toBe('end');
      const unknown = await fetch(`${base}/simulations/nope/stream`);
      expect(unknown.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('a server with an open stream still closes', async () => {
    const server = await buildApp({ db: join(tempDir(), 'stream2.duckdb') });
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    const id = await create(server, twoBanks());
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      httpRequest(`${base}/simulations/${id}/stream`, resolve).on('error', reject).end();
    });
    const reader = new StreamReader(response);
    expect((await reader.next()).event).toBe('hello');
    await server.close();
    expect((await reader.next()).event).toBe('end');
  });
});
