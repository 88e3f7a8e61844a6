// The JSON Schema of a scenario's `agents[i].policy` (policy-dsl.md §1): a built-in with its own
// keys, or a Tree given by file or inline with parameter overrides. The inline tree itself is
// checked against the policy schema, under its own path.

import { BUILTIN_POLICIES } from './builtins.js';
import { FAILURE_REACTION_SCHEMA, ON_COUNTERPARTY_FAILURE } from './failure-reaction.js';
import { ENGINE_PARAMETER_SCHEMAS, PARAMETER_NAME_PATTERN } from './language.js';

type Schema = Record<string, unknown>;

export function buildPolicySpecSchema(): Schema {
  const builtins: Schema[] = BUILTIN_POLICIES.map((b) => {
    const properties: Schema = { type: { const: b.type } };
    for (const key of b.keys) {
      properties[key.name] = {
        type: 'integer',
        minimum: key.minimum,
        maximum: key.maximum,
        default: key.default,
        description: key.description,
      };
    }
    properties[ON_COUNTERPARTY_FAILURE] = FAILURE_REACTION_SCHEMA;
    return { type: 'object', properties, required: ['type'], additionalProperties: false };
  });
  const tree: Schema = {
    type: 'object',
    description: 'A decision-tree policy: exactly one of file (relative to this document) or tree (inline).',
    properties: {
      type: { const: 'Tree' },
      [ON_COUNTERPARTY_FAILURE]: FAILURE_REACTION_SCHEMA,
      file: { type: 'string', minLength: 1 },
      tree: { type: 'object', description: 'A policy document (see the policy schema).' },
      parameters: {
        type: 'object',
        description: "Overrides of the tree's parameters.",
        propertyNames: { pattern: PARAMETER_NAME_PATTERN },
        properties: { ...ENGINE_PARAMETER_SCHEMAS },
        additionalProperties: { type: 'number' },
      },
    },
    required: ['type'],
    additionalProperties: false,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'paysim agent policy',
    type: 'object',
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: [...builtins, tree],
  };
}
