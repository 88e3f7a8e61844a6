// The HTTP API of interfaces.md as a fastify instance: `buildApp(options)` wires the registry of
// live simulations, the store, error mapping, OpenAPI (/openapi.json) and its docs UI (/docs),
// and the live viewer's page at / (api/web.ts).
// Nothing listens here; `paysim serve` does, tests use `app.inject`.

import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ENGINE_VERSION } from '../engine/version.js';
import { resolveDbPath } from '../store/open.js';
import { type ApiContext, type ApiLimits, DEFAULT_LIMITS } from './context.js';
import { installErrorHandling } from './errors.js';
import { completeOpenApi } from './openapi.js';
import { clientErrorHandler, installGuards, LOOPBACK_HOSTS } from './guards.js';
import { SimulationRegistry } from './registry.js';
import { experimentRoutes } from './routes/experiments.js';
import { progressRoutes } from './routes/progress.js';
import { scenarioEventRoutes } from './routes/scenario-events.js';
import { scenarioRoutes } from './routes/scenarios.js';
import { simulationRoutes } from './routes/simulations.js';
import { storeRoutes } from './routes/store.js';
import { streamRoutes } from './routes/stream.js';
import { transactionRoutes } from './routes/transactions.js';
import { StoreAccess } from './store-access.js';
import { validatorCompiler } from './validation.js';
import { defaultWebRoot, webRoutes } from './web.js';

export interface ApiOptions extends Partial<ApiLimits> {
  /** The results store (default: $PAYSIM_DB or results/paysim.duckdb). */
  readonly db?: string;
  /** fastify's request log (off by default: tests and the CLI keep stderr quiet). */
  readonly logger?: boolean;
  /** Host names (no port) the API answers to; default the loopback names; `['*']` for any. */
  readonly allowedHosts?: readonly string[];
  /** The viewer's compiled browser modules (default dist/web; tests compile their own). */
  readonly webRoot?: string;
}

export async function buildApp(options: ApiOptions = {}): Promise<FastifyInstance> {
  const limits: ApiLimits = {
    maxSimulations: options.maxSimulations ?? DEFAULT_LIMITS.maxSimulations,
    maxAgents: options.maxAgents ?? DEFAULT_LIMITS.maxAgents,
    maxTicksPerRequest: options.maxTicksPerRequest ?? DEFAULT_LIMITS.maxTicksPerRequest,
    maxPaymentsPerRequest: options.maxPaymentsPerRequest ?? DEFAULT_LIMITS.maxPaymentsPerRequest,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_LIMITS.bodyLimitBytes,
    maxEventsPerSimulation: options.maxEventsPerSimulation ?? DEFAULT_LIMITS.maxEventsPerSimulation,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
    maxStreamBacklogBytes: options.maxStreamBacklogBytes ?? DEFAULT_LIMITS.maxStreamBacklogBytes,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyLimitBytes,
    clientErrorHandler,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks for timed-out requests on this interval (30 s by default, which would double the
    // limit), and waits for headers at most headersTimeout, which must not exceed the whole request's.
    http: {
      connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
      headersTimeout: Math.min(60_000, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  installErrorHandling(app);
  installGuards(app, options.allowedHosts ?? LOOPBACK_HOSTS);

  await app.register(swagger, {
    transformObject: (documentObject) =>
      'openapiObject' in documentObject ? completeOpenApi(documentObject.openapiObject as Record<string, unknown>) : documentObject.swaggerObject,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'paysim HTTP API',
        version: ENGINE_VERSION,
        description: 'Live RTGS simulations and the results store. Errors: `{error: {code, message, details?}}`. See docs/api.md.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const ctx: ApiContext = {
    registry: new SimulationRegistry({ maxSimulations: limits.maxSimulations, maxEventsPerSimulation: limits.maxEventsPerSimulation }),
    limits,
    store: new StoreAccess(options.db ?? resolveDbPath(undefined)),
  };

  app.get('/health', { schema: { summary: 'liveness', tags: ['server'] } }, async () => ({
    status: 'ok',
    version: ENGINE_VERSION,
    simulations: ctx.registry.list().length,
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  simulationRoutes(app, ctx);
  transactionRoutes(app, ctx);
  progressRoutes(app, ctx);
  storeRoutes(app, ctx);
  experimentRoutes(app, ctx);
  scenarioRoutes(app, ctx);
  scenarioEventRoutes(app, ctx);
  streamRoutes(app, ctx);
  webRoutes(app, options.webRoot ?? defaultWebRoot());
  await app.ready();
  return app;
}
