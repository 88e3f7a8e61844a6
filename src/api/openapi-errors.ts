// The error half of the OpenAPI document: the one error shape, and an example per error code so
// that a client reading a 404 sees a `not_found` body rather than a 400's. The codes are the ones
// the server sends (errors.ts, guards.ts, registry.ts, store-access.ts); each example's message is
// written as the server words it.

type Json = Record<string, unknown>;

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', description: 'machine-readable kind (docs/api.md lists them with their statuses)' },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            additionalProperties: false,
            properties: { path: { type: 'string', description: 'e.g. agents[1].credit_limit, querystring.count' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

/** Every error code the API sends, with its status and a body as the server writes it. */
export const ERROR_CODES = {
  bad_request: {
    status: 400,
    summary: 'a parameter or body value of the wrong type or range, an unknown agent, malformed JSON, a request over a limit',
    body: { code: 'bad_request', message: 'the request does not match the schema', details: [{ path: 'querystring.count', message: 'must be >= 1' }] },
  },
  validation_failed: {
    status: 400,
    summary: 'the scenario (or scenario event) is invalid: every problem with its path',
    body: {
      code: 'validation_failed',
      message: 'the scenario is invalid (1 problem)',
      details: [{ path: 'agents[1].credit_limit', message: '-5 is out of range (expected an integer number of cents ≥ 0)' }],
    },
  },
  bad_checkpoint: {
    status: 400,
    summary: 'the checkpoint was taken under another config, or fails the checkpoint checks',
    body: { code: 'bad_checkpoint', message: 'checkpoint: not a paysim checkpoint (format x)', details: [{ path: 'checkpoint', message: 'not a paysim checkpoint (format x)' }] },
  },
  forbidden_host: {
    status: 403,
    summary: 'the Host header names no host this server answers to',
    body: { code: 'forbidden_host', message: 'this server answers only to localhost, 127.0.0.1, [::1] (Host: "evil.example"); start it with --allow-host to add a name' },
  },
  not_found: {
    status: 404,
    summary: 'no such simulation, payment, run, experiment or shipped scenario',
    body: { code: 'not_found', message: "no simulation '0e32c1d2-9a4b-4f3e-8a57-2b1c0d9e8f70'" },
  },
  conflict: {
    status: 409,
    summary: 'the simulation cannot do this now (finished, or fewer ticks remain)',
    body: { code: 'conflict', message: 'only 2 tick(s) remain (tick 8 of 10); asked for 5' },
  },
  simulation_stopped: {
    status: 409,
    summary: 'a tick failed part-way (money out of range): the simulation can only be deleted',
    body: {
      code: 'simulation_stopped',
      message: 'the simulation stopped: balance of agent BANK_A at tick 12 would be 9007199254740993, outside ±(2^53 − 1) cents, where money is no longer exact; the run stops (use smaller amounts or rates, or count money in larger units); DELETE it',
    },
  },
  body_too_large: {
    status: 413,
    summary: 'the body is larger than the server allows',
    body: { code: 'body_too_large', message: 'Request body is too large' },
  },
  unsupported_media_type: {
    status: 415,
    summary: 'the body is not application/json',
    body: { code: 'unsupported_media_type', message: 'Unsupported Media Type' },
  },
  money_out_of_range: {
    status: 422,
    summary: 'an amount left the exact range of integer cents during the tick (the simulation then stops)',
    body: {
      code: 'money_out_of_range',
      message: 'balance of agent BANK_A at tick 12 would be 9007199254740993, outside ±(2^53 − 1) cents, where money is no longer exact; the run stops (use smaller amounts or rates, or count money in larger units)',
    },
  },
  too_many_simulations: {
    status: 429,
    summary: 'the server holds its maximum of live simulations',
    body: { code: 'too_many_simulations', message: 'this server holds at most 16 live simulations; DELETE one first' },
  },
  internal: {
    status: 500,
    summary: "a bug: written to the server's stderr with the request id",
    body: { code: 'internal', message: "internal error (a bug): written to the server's stderr as request req-1" },
  },
  store_unavailable: {
    status: 503,
    summary: 'the store is in use by another process, corrupt or of another version',
    body: {
      code: 'store_unavailable',
      message: "results/paysim.duckdb: the store's tables were changed outside paysim (runs lacks column total_cost); paysim leaves it as it is — restore it from a copy or use another --db",
    },
  },
} as const satisfies Record<string, { status: number; summary: string; body: { code: string; message: string; details?: unknown } }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error body as the server sends it. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
}

/**
 * The error responses of an operation: per status, its description and one example per code —
 * the operation's own example for a code where it has one (`own`), else the code's.
 */
export function errorResponses(codes: readonly ErrorCode[], schemaRef: Json, own: Partial<Record<ErrorCode, ErrorBody>> = {}): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Json = {};
  for (const status of [...byStatus.keys()].sort((a, b) => a - b)) {
    const list = byStatus.get(status)!;
    const examples = Object.fromEntries(list.map((code) => [code, { summary: ERROR_CODES[code].summary, value: { error: own[code] ?? ERROR_CODES[code].body } }]));
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${ERROR_CODES[code].summary}`).join('; '),
      content: { 'application/json': { schema: schemaRef, examples } },
    };
  }
  return responses;
}
