// The JSON Schema of experiment files (runner.md §2), Ajv 2020. Semantic checks that a schema
// cannot state (vary paths, agents named in variants, the scenario itself) live in experiment.ts.

import { optimizeSchema } from './optimize-schema.js';

export const EXPERIMENT_NODE_PHRASES = new WeakMap<object, string>();
function phrased<T extends object>(node: T, phrase: string): T {
  EXPERIMENT_NODE_PHRASES.set(node, phrase);
  return node;
}

/** A seed: an integer 0 ≤ n < 2^64; beyond 2^53 the reader hands it over as a digit string. */
const seed = phrased({ type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+$' }, 'an integer seed 0 ≤ n < 2^64');

const name = phrased(
  { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 100 },
  'a name of letters, digits, _ . - (starting with a letter or digit)',
);

const policySpec = phrased({ type: 'object' }, 'a policy spec ({type: …})');

export const experimentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:paysim:schema:experiment',
  title: 'paysim experiment',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'scenario', 'seeds'],
  properties: {
    $schema: { type: 'string' },
    name,
    description: { type: 'string' },
    scenario: phrased({ type: 'string', minLength: 1 }, 'a scenario file path, relative to the experiment file'),
    seeds: phrased(
      {
        type: ['object', 'array'],
        if: { type: 'object' },
        then: {
          additionalProperties: false,
          required: ['from', 'count'],
          properties: {
            from: seed,
            count: phrased({ type: 'integer', minimum: 1, maximum: 1_000_000 }, 'an integer in 1..1000000'),
          },
        },
        else: phrased({ minItems: 1, uniqueItems: true, items: seed }, 'a non-empty list of distinct seeds'),
      },
      '{from: N, count: K} or a non-empty list of seeds',
    ),
    vary: {
      type: 'object',
      additionalProperties: phrased(
        {
          type: ['array', 'object'],
          if: { type: 'object' },
          then: {
            additionalProperties: false,
            required: ['scale'],
            properties: {
              scale: phrased(
                { type: 'array', minItems: 1, items: { type: 'number', minimum: 0 } },
                'a non-empty list of factors ≥ 0',
              ),
            },
          },
          else: phrased({ minItems: 1 }, 'a non-empty list of values, or {scale: [factors]}'),
        },
        'a non-empty list of values, or {scale: [factors]}',
      ),
    },
    variants: phrased(
      {
        type: 'object',
        minProperties: 1,
        propertyNames: name,
        additionalProperties: phrased(
          {
            type: 'object',
            // `{set: {path: value}, policies: {agent: spec}}`, or the shorthand: agent id → spec.
            if: { anyOf: [{ properties: { set: true }, required: ['set'] }, { properties: { policies: true }, required: ['policies'] }] },
            then: {
              additionalProperties: false,
              properties: {
                set: phrased({ type: 'object' }, 'a mapping of scenario path → value (paths as in vary)'),
                policies: phrased(
                  { type: 'object', additionalProperties: policySpec },
                  'a mapping of agent id → policy spec',
                ),
              },
            },
            else: { additionalProperties: policySpec },
          },
          "{set: {path: value}, policies: {agent: spec}}, or a mapping of agent id → policy spec ({} keeps the scenario's policies)",
        ),
      },
      'a mapping of variant name → variant',
    ),
    outputs: {
      type: 'object',
      additionalProperties: false,
      properties: {
        transactions: { type: 'boolean' },
        agent_days: { type: 'boolean' },
        agent_ticks: { type: 'boolean' },
        events: { type: 'boolean' },
        throughput: { type: 'boolean' },
      },
    },
    optimize: optimizeSchema,
    compare: {
      type: 'object',
      additionalProperties: false,
      properties: {
        baseline: { type: 'string' },
        metrics: { type: 'array', items: { type: 'string' } },
        by: { type: 'string' },
      },
    },
  },
} as const;
