// The JSON Schema (draft 2020-12) of a policy document, policy-dsl.md §2 and §7.1 check 1.
// Node and value definitions exist once per tree kind, so that an action of the other kind is a
// single discriminator error and editors can offer each tree its own field names. Field names are
// listed as `examples` only: a bad field is reported once, by the field check, not here.

import { AGENT_FIELD_NAMES, PAYMENT_FIELD_NAMES } from './fields.js';
import {
  BINARY_COMPUTE_OPS,
  COMPARISON_OPS,
  ENGINE_PARAMETER_SCHEMAS,
  LIST_COMPUTE_OPS,
  LOGICAL_OPS,
  PARAMETER_NAME_PATTERN,
  UNARY_COMPUTE_OPS,
  actionsOf,
  type ArgumentKind,
  type TreeKind,
} from './language.js';
import { NUM_SPLITS_MAX, NUM_SPLITS_MIN } from './numeric.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

const TEXT: Schema = { type: 'string' };

const NODE_NOTES: Schema = {
  description: { type: 'string', description: 'Free text.' },
  comment: { type: 'string', description: 'Free text.' },
};

function valueSchema(kind: TreeKind, literal: Schema, description: string): Schema {
  return {
    type: 'object',
    description,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      field: {
        type: 'string',
        description: 'A context field.',
        examples: kind === 'payment' ? [...PAYMENT_FIELD_NAMES, ...AGENT_FIELD_NAMES] : [...AGENT_FIELD_NAMES],
      },
      param: { type: 'string', description: 'A parameter of the document.' },
      value: literal,
      compute: ref(`${kind}_compute`),
    },
    additionalProperties: false,
  };
}

/** One `oneOf` branch of an op-tagged object: the op and its required operands, nothing else. */
function opBranch(op: Schema, operands: Record<string, Schema>): Schema {
  return {
    type: 'object',
    properties: { op, ...operands },
    required: ['op', ...Object.keys(operands)],
    additionalProperties: false,
  };
}

function computeSchema(kind: TreeKind): Schema {
  const v = ref(`${kind}_value`);
  return {
    type: 'object',
    description: 'A computation: {op, …operands}.',
    required: ['op'],
    discriminator: { propertyName: 'op' },
    oneOf: [
      opBranch({ enum: [...BINARY_COMPUTE_OPS] }, { left: v, right: v }),
      opBranch({ enum: [...LIST_COMPUTE_OPS] }, { values: { type: 'array', minItems: 1, items: v } }),
      opBranch({ enum: [...UNARY_COMPUTE_OPS] }, { value: v }),
      opBranch({ const: 'clamp' }, { value: v, min: v, max: v }),
      opBranch({ const: 'div0' }, { numerator: v, denominator: v, default: v }),
    ],
  };
}

function expressionSchema(kind: TreeKind): Schema {
  const v = ref(`${kind}_value`);
  const e = ref(`${kind}_expression`);
  return {
    type: 'object',
    description: 'A boolean expression: a comparison, and/or over a list, or not.',
    required: ['op'],
    discriminator: { propertyName: 'op' },
    oneOf: [
      opBranch({ enum: [...COMPARISON_OPS] }, { left: v, right: v }),
      opBranch({ enum: [...LOGICAL_OPS] }, { conditions: { type: 'array', minItems: 1, items: e } }),
      opBranch({ const: 'not' }, { condition: e }),
    ],
  };
}

const ARGUMENT_SCHEMAS: Readonly<Record<ArgumentKind, Schema>> = {
  num_splits: ref('num_splits_argument'),
  amount: ref('amount_argument'),
  reason: ref('reason_argument'),
};

function actionNodeSchema(kind: TreeKind): Schema {
  return {
    type: 'object',
    required: ['type', 'action'],
    properties: { type: { const: 'action' } },
    discriminator: { propertyName: 'action' },
    oneOf: actionsOf(kind).map((action) => {
      const args: Record<string, Schema> = {};
      for (const a of action.arguments) args[a] = ARGUMENT_SCHEMAS[a];
      const parameters: Schema = {
        type: 'object',
        properties: args,
        additionalProperties: false,
      };
      if (action.required.length > 0) parameters['required'] = [...action.required];
      return {
        type: 'object',
        properties: {
          type: { const: 'action' },
          node_id: ref('node_id'),
          action: { const: action.name },
          parameters,
          ...NODE_NOTES,
        },
        required: ['type', 'node_id', 'action', ...(action.required.length > 0 ? ['parameters'] : [])],
        additionalProperties: false,
      };
    }),
  };
}

function conditionNodeSchema(kind: TreeKind): Schema {
  return {
    type: 'object',
    properties: {
      type: { const: 'condition' },
      node_id: ref('node_id'),
      condition: ref(`${kind}_expression`),
      on_true: ref(`${kind}_node`),
      on_false: ref(`${kind}_node`),
      ...NODE_NOTES,
    },
    required: ['type', 'node_id', 'condition', 'on_true', 'on_false'],
    additionalProperties: false,
  };
}

function nodeSchema(kind: TreeKind): Schema {
  return {
    type: 'object',
    description: `A ${kind}-tree node: a condition or an action.`,
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: [ref(`${kind}_condition`), ref(`${kind}_action`)],
  };
}

/** A tree is a node or null; if/then keeps a failing node to its own errors (no anyOf noise). */
function optionalTree(kind: TreeKind, description: string): Schema {
  return { type: ['object', 'null'], description, if: { type: 'object' }, then: ref(`${kind}_node`) };
}

function kindDefinitions(kind: TreeKind): Record<string, Schema> {
  return {
    [`${kind}_node`]: nodeSchema(kind),
    [`${kind}_condition`]: conditionNodeSchema(kind),
    [`${kind}_action`]: actionNodeSchema(kind),
    [`${kind}_expression`]: expressionSchema(kind),
    [`${kind}_compute`]: computeSchema(kind),
    [`${kind}_value`]: valueSchema(
      kind,
      { type: ['number', 'boolean'], description: 'A finite number, or a boolean (true = 1, false = 0).' },
      'Exactly one of field, param, value, compute.',
    ),
  };
}

/** Builds the schema; a fresh object each call so callers may not disturb a shared one. */
export function buildPolicySchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'paysim policy document',
    description: 'A bank policy as JSON decision trees (paysim docs/policies.md).',
    type: 'object',
    properties: {
      $schema: { type: 'string', description: 'An editor hint; ignored.' },
      version: { const: '1.0' },
      policy_id: { type: 'string', minLength: 1 },
      description: TEXT,
      comment: TEXT,
      payment_tree: optionalTree('payment', 'Decides each Q1 payment; absent or null: release all.'),
      strategic_collateral_tree: optionalTree('collateral', 'Step 3 of the tick; absent or null: no action.'),
      end_of_tick_collateral_tree: optionalTree('collateral', 'Step 9 of the tick; absent or null: no action.'),
      parameters: {
        type: 'object',
        description: 'Named numbers, read with {"param": name}.',
        propertyNames: { pattern: PARAMETER_NAME_PATTERN },
        properties: { ...ENGINE_PARAMETER_SCHEMAS },
        additionalProperties: { type: 'number' },
      },
    },
    required: ['version', 'policy_id'],
    additionalProperties: false,
    $defs: {
      node_id: { type: 'string', minLength: 1 },
      ...kindDefinitions('payment'),
      ...kindDefinitions('collateral'),
      num_splits_argument: valueSchema(
        'payment',
        { type: 'integer', minimum: NUM_SPLITS_MIN, maximum: NUM_SPLITS_MAX },
        'Number of parts: a value; a literal is an integer in 2..1000.',
      ),
      amount_argument: valueSchema(
        'collateral',
        { type: 'number', exclusiveMinimum: 0 },
        'Cents of collateral: a value; a literal is a number > 0.',
      ),
      reason_argument: {
        type: 'object',
        description: 'Free text, as a string literal {"value": "…"}.',
        properties: { value: { type: 'string' } },
        required: ['value'],
        additionalProperties: false,
      },
    },
  };
}
