// Advancing a simulation and looking at it: ticks, state, costs, metrics, events.

import type { FastifyInstance } from 'fastify';
import type { EventFilter } from '../../engine/event-filter.js';
import type { EventType } from '../../engine/events.js';
import { COST_KINDS, type CostKind } from '../../engine/metrics.js';
import { EVENT_TYPES } from '../../engine/events.js';
import { type ApiContext, idParams } from '../context.js';
import { badRequest, conflict } from '../errors.js';

export const MAX_EVENT_PAGE = 10_000;

interface EventQuery {
  type?: string;
  agent?: string;
  tx?: number;
  from_tick?: number;
  to_tick?: number;
  limit: number;
}

export function progressRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry, limits } = ctx;

  app.post<{ Params: { id: string }; Querystring: { count: number } }>('/simulations/:id/tick', {
    schema: {
      summary: 'advance N ticks; one result per tick',
      tags: ['simulations'],
      params: idParams,
      querystring: {
        type: 'object',
        properties: {
          // The limit is in the schema so that the OpenAPI document states it (and Ajv enforces it).
          count: {
            type: 'integer',
            minimum: 1,
            maximum: limits.maxTicksPerRequest,
            default: 1,
            description: `ticks to process; at most ${limits.maxTicksPerRequest} (this server's limit), and fewer when the expected payments would pass ${limits.maxPaymentsPerRequest}`,
          },
        },
      },
    },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const { count } = request.query;
    const expected = live.expectedPayments(count);
    if (expected > limits.maxPaymentsPerRequest) {
      // The most ticks that stay within the limit (the bound grows with the count).
      let most = 0;
      for (let step = 2 ** Math.floor(Math.log2(count)); step >= 1; step = Math.floor(step / 2)) {
        if (most + step < count && live.expectedPayments(most + step) <= limits.maxPaymentsPerRequest) most += step;
      }
      throw badRequest(
        `count ${count} would create about ${Math.round(expected)} payments (arrivals and scripted payment events), ` +
          `over this server's limit of ${limits.maxPaymentsPerRequest} per request; ask for at most ${Math.max(1, most)} ticks`,
        [{ path: 'querystring.count', message: `at most ${Math.max(1, most)} for this simulation's payments` }],
      );
    }
    const s = live.simulation;
    if (s.done) throw conflict(`the simulation has finished (tick ${s.tick} of ${s.totalTicks})`);
    // Refused whole rather than cut short, so a client never mistakes a partial advance for N ticks.
    if (count > live.remainingTicks) {
      throw conflict(`only ${live.remainingTicks} tick(s) remain (tick ${s.tick} of ${s.totalTicks}); asked for ${count}`);
    }
    const ticks = live.advance(count);
    return { simulation_id: live.id, tick: s.tick, done: s.done, ticks };
  });

  app.get<{ Params: { id: string } }>('/simulations/:id/state', {
    schema: { summary: 'balances, credit, collateral and queues per agent', tags: ['simulations'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const snap = live.simulation.snapshot();
    const agents = snap.agents.map(({ costs: _costs, ...agent }) => agent);
    return {
      simulation_id: live.id,
      tick: snap.tick,
      total_ticks: snap.total_ticks,
      done: live.simulation.done,
      q2_size: snap.q2_size,
      q2_value: snap.q2_value,
      agents,
    };
  });

  app.get<{ Params: { id: string } }>('/simulations/:id/costs', {
    schema: { summary: 'costs so far per agent and kind (cents)', tags: ['simulations'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const snap = live.simulation.snapshot();
    const totals = Object.fromEntries(COST_KINDS.map((k) => [k, 0])) as Record<CostKind, number>;
    const agents = snap.agents.map(({ agent, costs }) => {
      let total = 0;
      for (const k of COST_KINDS) {
        total += costs[k];
        totals[k] += costs[k];
      }
      return { agent, ...costs, total };
    });
    const total = COST_KINDS.reduce((s, k) => s + totals[k], 0);
    return { simulation_id: live.id, tick: snap.tick, agents, totals: { ...totals, total } };
  });

  app.get<{ Params: { id: string } }>('/simulations/:id/metrics', {
    schema: { summary: 'the run summary so far (as `paysim run --json`)', tags: ['simulations'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    return { simulation_id: live.id, tick: live.simulation.tick, summary: live.simulation.summary() };
  });

  app.get<{ Params: { id: string }; Querystring: EventQuery }>('/simulations/:id/events', {
    schema: {
      summary: `the kept events (the last ${limits.maxEventsPerSimulation} per simulation), filtered`,
      tags: ['simulations'],
      params: idParams,
      querystring: {
        type: 'object',
        properties: {
          type: { type: 'string', description: `comma-separated event types: ${EVENT_TYPES.join(', ')}` },
          agent: { type: 'string', description: 'the agent (sender) or the receiver' },
          tx: { type: 'integer', minimum: 0 },
          from_tick: { type: 'integer', minimum: 0 },
          to_tick: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_EVENT_PAGE, default: 1000 },
        },
      },
    },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const q = request.query;
    const filter: { types?: Set<EventType>; agent?: string; tx?: number; fromTick?: number; toTick?: number } = {};
    if (q.type !== undefined) {
      const types = q.type.split(',').map((t) => t.trim()).filter((t) => t !== '');
      const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) {
        throw badRequest(`unknown event type ${unknown.map((t) => `'${t}'`).join(', ')}`, [
          { path: 'querystring.type', message: `expected one of ${EVENT_TYPES.join(', ')}` },
        ]);
      }
      filter.types = new Set(types as EventType[]);
    }
    if (q.agent !== undefined) filter.agent = q.agent;
    if (q.tx !== undefined) filter.tx = q.tx;
    if (q.from_tick !== undefined) filter.fromTick = q.from_tick;
    if (q.to_tick !== undefined) filter.toTick = q.to_tick;
    const { events, matched } = live.events.query(filter as EventFilter, q.limit);
    return {
      simulation_id: live.id,
      matched,
      returned: events.length,
      // Events older than the kept window are gone; a client that needs all should page by from_tick.
      evicted: live.events.evicted,
      events,
    };
  });
}
