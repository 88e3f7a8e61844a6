// The OpenAPI document as clients need it: the status codes each operation really answers with,
// one error schema, the scenario schema as the body of the operations that take a scenario, and
// examples. Routes keep their own (validating) schemas; this fills in what fastify's generator
// cannot know, after it ran. OpenAPI 3.1, whose schema dialect is the scenario schema's own
// (JSON Schema 2020-12), so that schema is reused unchanged.

import { scenarioSchema } from '../config/scenario-schema.js';

type Json = Record<string, unknown>;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'machine-readable kind: bad_request, validation_failed, not_found, conflict, …' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string', description: 'e.g. agents[1].credit_limit, querystring.count' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
  example: { error: { code: 'validation_failed', message: 'the scenario is invalid (1 problem)', details: [{ path: 'agents[1].credit_limit', message: '-5 is out of range (expected an integer number of cents ≥ 0)' }] } },
} as const;

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'bad request: invalid parameters or body (every problem with its path in `details`)',
  403: 'the Host header names no host this server answers to (see `paysim serve --allow-host`)',
  404: 'no such simulation, payment, run, experiment or shipped scenario',
  409: 'the simulation cannot do this now (finished, or fewer ticks remain)',
  413: 'the body is larger than the server allows',
  415: 'the body is not application/json',
  429: 'the server holds its maximum of live simulations',
  503: 'the store is in use by another process, corrupt or of another version',
};

/** Success status and description, and error statuses, per operation (`METHOD /path`). */
const OPERATIONS: Readonly<Record<string, { ok: [number, string]; errors: readonly number[] }>> = {
  'get /health': { ok: [200, 'the server is up'], errors: [] },
  'post /simulations': { ok: [201, 'created: `{simulation_id, tick}`'], errors: [400, 413, 415, 429] },
  'get /simulations': { ok: [200, 'the live simulations'], errors: [] },
  'get /simulations/{id}': { ok: [200, 'the simulation, its config and policies'], errors: [404] },
  'delete /simulations/{id}': { ok: [204, 'removed (or there was none)'], errors: [] },
  'post /simulations/{id}/checkpoints': { ok: [200, '`{simulation_id, tick, checkpoint}`'], errors: [404] },
  'post /simulations/from-checkpoint': { ok: [201, 'created: `{simulation_id, tick}`'], errors: [400, 413, 415, 429] },
  'post /simulations/{id}/persist': { ok: [200, 'stored: `{run_key, stored, tick}`'], errors: [404, 503] },
  'post /simulations/{id}/tick': { ok: [200, 'one result per tick'], errors: [400, 404, 409] },
  'get /simulations/{id}/state': { ok: [200, 'balances, credit, collateral and queues'], errors: [404] },
  'get /simulations/{id}/costs': { ok: [200, 'costs so far'], errors: [404] },
  'get /simulations/{id}/metrics': { ok: [200, 'the run summary so far'], errors: [404] },
  'get /simulations/{id}/events': { ok: [200, 'events, oldest first'], errors: [400, 404] },
  'post /simulations/{id}/transactions': { ok: [201, 'accepted: `{transaction_id, arrival_tick}`'], errors: [400, 404, 409, 413, 415] },
  'get /simulations/{id}/transactions': { ok: [200, 'a page of payments'], errors: [400, 404] },
  'get /simulations/{id}/transactions/{tx}': { ok: [200, 'the payment'], errors: [400, 404] },
  'get /simulations/{id}/stream': { ok: [200, '`text/event-stream`: a `hello` message, then a `tick` frame after each processed tick, `end` when the simulation is deleted'], errors: [404] },
  'post /simulations/{id}/scenario-events': { ok: [201, 'scheduled: `{simulation_id, tick, fires_at, event}`'], errors: [400, 404, 409, 413, 415] },
  'get /scenarios': { ok: [200, 'the shipped scenario files'], errors: [] },
  'post /simulations/from-file': { ok: [201, 'created: `{simulation_id, tick}`'], errors: [400, 404, 413, 415, 429] },
  'post /simulations/from-text': { ok: [201, 'created: `{simulation_id, tick}`'], errors: [400, 413, 415, 429] },
  'get /runs': { ok: [200, 'a page of stored runs'], errors: [400, 503] },
  'get /runs/{run_key}': { ok: [200, 'the stored run'], errors: [404, 503] },
  'get /experiments': { ok: [200, 'stored experiments with their revisions, variants, grid points and run counts'], errors: [503] },
  'get /experiments/{name}/comparison': { ok: [200, 'the paired comparison of the variants, as `paysim compare --json`'], errors: [400, 404, 503] },
  'get /experiments/{name}/charts': { ok: [200, "the report's charts: Vega-Lite specs with their data"], errors: [400, 404, 503] },
};

const SCENARIO_EXAMPLE = {
  simulation: { ticks_per_day: 10, num_days: 1, rng_seed: 42 },
  agents: [
    { id: 'BANK_A', opening_balance: 1_000_000, credit_limit: 500_000, policy: { type: 'Fifo' } },
    { id: 'BANK_B', opening_balance: 1_000_000, credit_limit: 500_000, policy: { type: 'Fifo' } },
  ],
};

const BODY_EXAMPLES: Readonly<Record<string, unknown>> = {
  'post /simulations': SCENARIO_EXAMPLE,
  'post /simulations/{id}/transactions': { sender: 'BANK_A', receiver: 'BANK_B', amount: 250_000, deadline_tick: 8, priority: 5 },
  'post /simulations/{id}/scenario-events': { at_tick: 5, type: 'liquidity_shock', agent: 'BANK_A', balance_change: -200_000 },
  'post /simulations/from-text': { text: 'simulation: {ticks_per_day: 10, num_days: 1, rng_seed: 42}\nagents: [{id: A, opening_balance: 1000, policy: {type: Fifo}}, {id: B, opening_balance: 1000, policy: {type: Fifo}}]\n', trace: true },
};

/** The scenario schema as an OpenAPI 3.1 component (its `$id` keeps its own `$ref`s resolving). */
function scenarioComponent(): Json {
  const { $schema: _dialect, ...schema } = scenarioSchema as Json;
  return schema;
}

/** Fills in status codes, the error schema, scenario bodies and examples. */
export function completeOpenApi(document: Json): Json {
  const components = (document['components'] ?? {}) as Json;
  const schemas = (components['schemas'] ?? {}) as Json;
  document['openapi'] = '3.1.0';
  document['components'] = { ...components, schemas: { ...schemas, Error: ERROR_SCHEMA, Scenario: scenarioComponent() } };
  const errorRef = { $ref: '#/components/schemas/Error' };
  const scenarioRef = { $ref: '#/components/schemas/Scenario' };
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, Json>>;
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const key = `${method} ${path}`;
      const spec = OPERATIONS[key];
      if (spec === undefined) continue;
      const responses: Json = { [String(spec.ok[0])]: { description: spec.ok[1] } };
      // Every operation can be refused for its Host header.
      for (const status of [...spec.errors, 403]) {
        responses[String(status)] = { description: ERROR_TEXT[status], content: { 'application/json': { schema: errorRef } } };
      }
      operation['responses'] = responses;
      const body = operation['requestBody'] as Json | undefined;
      const content = body?.['content'] as Record<string, Json> | undefined;
      const json = content?.['application/json'];
      if (json === undefined) continue;
      if (key === 'post /simulations') json['schema'] = scenarioRef;
      if (key === 'post /simulations/from-checkpoint') {
        const schema = json['schema'] as Json;
        const properties = (schema['properties'] ?? {}) as Json;
        json['schema'] = { ...schema, properties: { ...properties, scenario: scenarioRef } };
      }
      const example = BODY_EXAMPLES[key];
      if (example !== undefined) json['example'] = example;
    }
  }
  return document;
}
