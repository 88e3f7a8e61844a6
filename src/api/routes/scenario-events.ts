// POST /simulations/{id}/scenario-events: a shock from outside (an outage, a liquidity shock, an
// arrival-rate change, a payment, …), written as one entry of a scenario's `scenario_events` and
// checked by the same rules as in a file: the scenario schema's event branch and the semantic
// checks (known agents, one schedule, …). It must fire at the next tick to be processed or later.

import type { FastifyInstance } from 'fastify';
import { parseScenarioDocument } from '../../config/scenario.js';
import type { ScenarioEvent } from '../../engine/config.js';
import { isRecord } from '../../input/json-path.js';
import { ValidationError, type ValidationIssue } from '../../input/issues.js';
import { type ApiContext, idParams } from '../context.js';
import { ApiError, badRequest, conflict } from '../errors.js';
import type { LiveSimulation } from '../registry.js';

const AT = 'scenario_events[0]';

/** A problem of the event inside the scenario, with the path inside the request body. */
function bodyPath(issue: ValidationIssue): { path: string; message: string } {
  const path = issue.path === AT ? '' : issue.path.startsWith(`${AT}.`) ? issue.path.slice(AT.length + 1) : issue.path;
  return { path, message: issue.message };
}

/** The event as the engine runs it, validated with the simulation's own scenario around it. */
function validateEvent(live: LiveSimulation, body: Record<string, unknown>): ScenarioEvent {
  const doc = { ...(live.loaded.document as Record<string, unknown>), scenario_events: [body] };
  try {
    return parseScenarioDocument(doc, live.source).config.scenario_events[0]!;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const details = error.issues.map(bodyPath);
    throw new ApiError(400, 'validation_failed', `the scenario event is invalid (${details.length} problem${details.length === 1 ? '' : 's'})`, details);
  }
}

export function scenarioEventRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry } = ctx;

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/simulations/:id/scenario-events', {
    schema: {
      summary: 'schedule a scenario event (outage, liquidity shock, …) at the next tick or later',
      tags: ['simulations'],
      params: idParams,
      body: { type: 'object', description: 'one entry of a scenario\'s scenario_events (`paysim schema scenario`)' },
    },
  }, async (request, reply) => {
    const live = registry.get(request.params.id);
    live.ensureRunning();
    const s = live.simulation;
    if (s.done) throw conflict(`the simulation has finished (tick ${s.tick} of ${s.totalTicks}); no tick would fire this event`);
    const body = request.body;
    if (!isRecord(body)) throw badRequest('the request body: expected an object');
    const event = validateEvent(live, body);
    const [first, path] = 'at_tick' in event ? [event.at_tick, 'at_tick'] : [event.every.start, 'every.start'];
    if (first < s.tick) {
      throw badRequest('the scenario event would fire in the past', [{ path, message: `${first} is before the next tick ${s.tick} (expected ≥ ${s.tick})` }]);
    }
    if (first >= s.totalTicks) {
      throw badRequest('the scenario event would never fire', [{ path, message: `${first} is past the last tick ${s.totalTicks - 1}` }]);
    }
    s.addScenarioEvent(event);
    live.injected.push({ document: body, event });
    return reply.status(201).send({ simulation_id: live.id, tick: s.tick, fires_at: first, event });
  });
}
