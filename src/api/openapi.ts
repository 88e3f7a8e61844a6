// The OpenAPI document as clients need it: the status codes each operation really answers with,
// the success body's schema with an example (openapi-responses.ts), one error schema with an
// example per error code (openapi-errors.ts), the scenario schema as the body of the operations
// that take a scenario, and request examples. Routes keep their own (validating) schemas; this
// fills in what fastify's generator cannot know, after it ran. OpenAPI 3.1, whose schema dialect
// is the scenario schema's own (JSON Schema 2020-12), so that schema is reused unchanged.

import { scenarioSchema } from '../config/scenario-schema.js';
import { EVENT_TYPES } from '../engine/events.js';
import { ERROR_SCHEMA, type ErrorBody, type ErrorCode, errorResponses } from './openapi-errors.js';
import { SUCCESS, type SuccessResponse } from './openapi-responses.js';

type Json = Record<string, unknown>;

/**
 * The error codes each operation can answer with (`method /path`). Every operation can also be
 * refused for its Host header (403) or fail with a bug (500); those are added to all.
 */
const ERRORS: Readonly<Record<string, readonly ErrorCode[]>> = {
  'get /health': [],
  'post /simulations': ['bad_request', 'validation_failed', 'body_too_large', 'unsupported_media_type', 'too_many_simulations'],
  'get /simulations': [],
  'get /simulations/{id}': ['not_found'],
  'delete /simulations/{id}': [],
  'post /simulations/{id}/checkpoints': ['not_found', 'simulation_stopped'],
  'post /simulations/from-checkpoint': ['bad_request', 'validation_failed', 'bad_checkpoint', 'body_too_large', 'unsupported_media_type', 'too_many_simulations'],
  'post /simulations/{id}/persist': ['not_found', 'simulation_stopped', 'store_unavailable'],
  'post /simulations/{id}/tick': ['bad_request', 'not_found', 'conflict', 'simulation_stopped', 'money_out_of_range'],
  'get /simulations/{id}/state': ['not_found'],
  'get /simulations/{id}/costs': ['not_found'],
  'get /simulations/{id}/metrics': ['not_found'],
  'get /simulations/{id}/events': ['bad_request', 'not_found'],
  'post /simulations/{id}/transactions': ['bad_request', 'not_found', 'conflict', 'simulation_stopped', 'body_too_large', 'unsupported_media_type'],
  'get /simulations/{id}/transactions': ['bad_request', 'not_found'],
  'get /simulations/{id}/transactions/{tx}': ['bad_request', 'not_found'],
  'get /simulations/{id}/stream': ['not_found'],
  'post /simulations/{id}/scenario-events': ['bad_request', 'validation_failed', 'not_found', 'conflict', 'simulation_stopped', 'body_too_large', 'unsupported_media_type'],
  'get /scenarios': [],
  'post /simulations/from-file': ['bad_request', 'validation_failed', 'not_found', 'body_too_large', 'unsupported_media_type', 'too_many_simulations'],
  'post /simulations/from-text': ['bad_request', 'validation_failed', 'body_too_large', 'unsupported_media_type', 'too_many_simulations'],
  'get /runs': ['bad_request', 'store_unavailable'],
  'get /runs/{run_key}': ['not_found', 'store_unavailable'],
  'get /experiments': ['store_unavailable'],
  'get /experiments/{name}/comparison': ['bad_request', 'not_found', 'store_unavailable'],
  'get /experiments/{name}/charts': ['bad_request', 'not_found', 'store_unavailable'],
};

const EVENT_TYPE_LIST = EVENT_TYPES.join(', ');

/** Examples in an operation's own words, where the code's general example would mislead. */
const OWN_ERROR_EXAMPLES: Readonly<Record<string, Partial<Record<ErrorCode, ErrorBody>>>> = {
  'post /simulations': {
    bad_request: { code: 'bad_request', message: 'too many agents: 2000 (this server allows 1000)', details: [{ path: 'agents', message: 'at most 1000 agents' }] },
  },
  'post /simulations/{id}/tick': {
    bad_request: {
      code: 'bad_request',
      message: "count 60 at about 2000 payments per tick would create about 120000 payments, over this server's limit of 100000 per request; ask for at most 50 ticks",
      details: [{ path: 'querystring.count', message: "at most 50 at this simulation's arrival rate" }],
    },
  },
  'get /simulations/{id}/events': {
    bad_request: { code: 'bad_request', message: "unknown event type 'setle'", details: [{ path: 'querystring.type', message: `expected one of ${EVENT_TYPE_LIST}` }] },
  },
  'post /simulations/{id}/transactions': {
    bad_request: { code: 'bad_request', message: 'the payment is invalid', details: [{ path: 'receiver', message: "unknown agent 'BANK_Z'" }] },
    conflict: { code: 'conflict', message: 'the simulation has finished (tick 10 of 10); no tick would process this payment' },
  },
  'get /simulations/{id}/transactions': {
    bad_request: { code: 'bad_request', message: "unknown agent 'BANK_Z'", details: [{ path: 'querystring.agent', message: "unknown agent 'BANK_Z'" }] },
  },
  'get /simulations/{id}/transactions/{tx}': {
    not_found: { code: 'not_found', message: "no transaction 99 in simulation '0e32c1d2-9a4b-4f3e-8a57-2b1c0d9e8f70'" },
  },
  'post /simulations/{id}/scenario-events': {
    bad_request: { code: 'bad_request', message: 'the scenario event would fire in the past', details: [{ path: 'at_tick', message: '3 is before the next tick 5 (expected ≥ 5)' }] },
    validation_failed: {
      code: 'validation_failed',
      message: 'the scenario event is invalid (1 problem)',
      details: [{ path: 'agent', message: "unknown agent id 'BANK_Z' (expected one of BANK_A, BANK_B)" }],
    },
    conflict: { code: 'conflict', message: 'the simulation has finished (tick 10 of 10); no tick would fire this event' },
  },
  'post /simulations/from-file': {
    not_found: { code: 'not_found', message: "no shipped scenario 'gridlock.yaml' (GET /scenarios lists them)" },
  },
  'get /runs/{run_key}': { not_found: { code: 'not_found', message: "no stored run '2c96e563'" } },
  'get /experiments/{name}/comparison': {
    bad_request: { code: 'bad_request', message: 'lsm-credit: no baseline', details: [{ path: 'querystring.baseline', message: 'required: the experiment file has no compare.baseline' }] },
    not_found: { code: 'not_found', message: "no experiment 'lsm-credit' in the store (have: adhoc, lsm-gridlock)" },
  },
  'get /experiments/{name}/charts': { not_found: { code: 'not_found', message: "no experiment 'lsm-credit' in the store (have: adhoc, lsm-gridlock)" } },
};

/** Every operation may answer these. */
const ALWAYS: readonly ErrorCode[] = ['forbidden_host', 'internal'];

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

function successResponse(ok: SuccessResponse): Json {
  if (ok.schema === undefined) return { description: ok.description };
  return { description: ok.description, content: { [ok.mediaType ?? 'application/json']: { schema: ok.schema, example: ok.example } } };
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
      const codes = ERRORS[key];
      const ok = SUCCESS[key];
      if (codes === undefined || ok === undefined) continue;
      const responses: Json = { [String(ok.status)]: successResponse(ok), ...errorResponses([...codes, ...ALWAYS], errorRef, OWN_ERROR_EXAMPLES[key]) };
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
