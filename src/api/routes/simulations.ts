// Creating, listing, reading and removing simulations; checkpoints; persisting to the store.

import type { FastifyInstance } from 'fastify';
import { parseScenarioDocument, type LoadedScenario } from '../../config/scenario.js';
import { ValidationError } from '../../input/issues.js';
import { isRecord } from '../../input/json-path.js';
import type { Checkpoint } from '../../engine/checkpoint.js';
import { runConfigHash } from '../../runner/run-key.js';
import { storeAdhocRun } from '../../runner/store-adhoc.js';
import { type ApiContext, idParams } from '../context.js';
import { ApiError, badRequest, validationFailed } from '../errors.js';
import type { LiveSimulation } from '../registry.js';

/** The scenario document of a request: validated like a file, but no policy may name a file. */
export function loadRequestScenario(doc: unknown, maxAgents: number, prefix = ''): LoadedScenario {
  // Counted before validation, which costs time in proportion to the agents (a 200 000-agent
  // body took 43 s to validate, blocking every other request, before it was refused).
  const agents = isRecord(doc) && Array.isArray(doc['agents']) ? doc['agents'].length : 0;
  if (agents > maxAgents) throw tooManyAgents(agents, maxAgents, prefix);
  let loaded: LoadedScenario;
  try {
    // baseDir null: a `{type: Tree, file: …}` policy is refused, so no request value becomes a path.
    loaded = parseScenarioDocument(doc, { file: '<request>', baseDir: null });
  } catch (error) {
    if (error instanceof ValidationError) throw validationFailed('the scenario', error.issues, prefix);
    throw error;
  }
  return loaded;
}

/** A scenario over the server's agent limit (400 at `agents`, or `<prefix>.agents` inside a body). */
export function tooManyAgents(agents: number, maxAgents: number, prefix: string): ApiError {
  const path = prefix === '' ? 'agents' : `${prefix}.agents`;
  return badRequest(`too many agents: ${agents} (this server allows ${maxAgents})`, [{ path, message: `at most ${maxAgents} agents` }]);
}

function summary(live: LiveSimulation): Record<string, unknown> {
  const s = live.simulation;
  return {
    simulation_id: live.id,
    tick: s.tick,
    total_ticks: s.totalTicks,
    done: s.done,
    num_agents: live.loaded.config.agents.length,
    // The store's one meaning (docs/store.md): the resolved scenario without its seed.
    config_hash: runConfigHash(live.loaded),
    created_at: live.createdAt,
  };
}

const scenarioBody = {
  type: 'object',
  description: 'a scenario document, as in a scenario file (schema: `paysim schema scenario`)',
} as const;

export function simulationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry, limits } = ctx;

  app.post<{ Querystring: { trace: boolean } }>('/simulations', {
    schema: {
      summary: 'create a simulation from a scenario document',
      tags: ['simulations'],
      body: scenarioBody,
      querystring: {
        type: 'object',
        properties: { trace: { type: 'boolean', default: false, description: "record each policy decision's tree path in the events" } },
      },
    },
  }, async (request, reply) => {
    // Refuse before the (comparatively costly) validation when there is no room anyway.
    registry.ensureRoom();
    const loaded = loadRequestScenario(request.body, limits.maxAgents);
    const live = registry.create(loaded, undefined, { trace: request.query.trace });
    return reply.status(201).send({ simulation_id: live.id, tick: live.simulation.tick });
  });

  app.get('/simulations', { schema: { summary: 'list live simulations', tags: ['simulations'] } }, async () => {
    return { simulations: registry.list().map(summary) };
  });

  app.get<{ Params: { id: string } }>('/simulations/:id', {
    schema: { summary: 'one simulation: its config and current tick', tags: ['simulations'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    const { config, policies } = live.loaded;
    return {
      ...summary(live),
      config,
      policies: policies.map((p, i) => ({ agent: config.agents[i]!.id, name: p.name, policy_sha256: p.hash })),
    };
  });

  app.delete<{ Params: { id: string } }>('/simulations/:id', {
    schema: { summary: 'remove a simulation (idempotent)', tags: ['simulations'], params: idParams },
  }, async (request, reply) => {
    registry.delete(request.params.id);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>('/simulations/:id/checkpoints', {
    schema: { summary: 'the whole state as an engine checkpoint', tags: ['checkpoints'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    live.ensureRunning();
    return { simulation_id: live.id, tick: live.simulation.tick, checkpoint: live.simulation.checkpoint() };
  });

  app.post<{ Body: { scenario: unknown; checkpoint: unknown } }>('/simulations/from-checkpoint', {
    schema: {
      summary: 'a new simulation from a scenario and a checkpoint taken under the same config',
      tags: ['checkpoints'],
      body: {
        type: 'object',
        required: ['scenario', 'checkpoint'],
        additionalProperties: false,
        properties: { scenario: scenarioBody, checkpoint: { type: 'object', description: 'a checkpoint from POST /simulations/{id}/checkpoints' } },
      },
    },
  }, async (request, reply) => {
    registry.ensureRoom();
    const loaded = loadRequestScenario(request.body.scenario, limits.maxAgents, 'scenario');
    const checkpoint = request.body.checkpoint;
    if (!isRecord(checkpoint)) throw badRequest('checkpoint: expected an object', [{ path: 'checkpoint', message: 'expected an object' }]);
    let live: LiveSimulation;
    try {
      live = registry.create(loaded, checkpoint as unknown as Checkpoint);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // The engine's message when the config differs; a damaged checkpoint is bad input as well.
      const message = error instanceof Error ? error.message : String(error);
      throw new ApiError(400, 'bad_checkpoint', `checkpoint: ${message}`, [{ path: 'checkpoint', message }]);
    }
    return reply.status(201).send({ simulation_id: live.id, tick: live.simulation.tick });
  });

  app.post<{ Params: { id: string } }>('/simulations/:id/persist', {
    schema: { summary: "store the simulation's results like a CLI run", tags: ['simulations'], params: idParams },
  }, async (request) => {
    const live = registry.get(request.params.id);
    live.ensureRunning();
    const s = live.simulation;
    // Results are taken now, before waiting for the store: a later tick does not change them.
    const result = s.results();
    const ticks = s.tick;
    const stored = await ctx.store.exclusive(() =>
      storeAdhocRun(ctx.store.file, {
        scenarioFile: '<api>',
        // With any scenario events added over the API: they are part of what ran.
        loaded: live.scenarioAsRun(),
        result,
        wallMs: live.wallMs,
        ticks,
        ...(live.restoredFrom !== undefined ? { restoredFrom: live.restoredFrom } : {}),
      }),
    );
    return { ...stored, tick: ticks };
  });
}
