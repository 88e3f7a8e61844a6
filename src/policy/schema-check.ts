// Check 1 of policy-dsl.md §7.1: the policy document against its JSON Schema, with Ajv's errors
// turned into one plain message per problem, placed at the key that is wrong.

import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Class, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { formatPath, type PathSegment, type ValidationIssue } from '../input/issues.js';
import { isRecord } from '../input/json-path.js';
import { actionsOf, COMPUTE_OPS, EXPRESSION_OPS, isTreeKey, treeKindOf } from './language.js';
import { buildPolicySchema } from './schema.js';
import { type Phrase, type Phrasebook, translateAjvErrors } from '../input/ajv-issues.js';
import { quoteValue } from '../input/quote.js';

let compiled: ValidateFunction | null = null;

/** The options the messages below rely on (verbose: data and parent schema). */
export const POLICY_AJV_OPTIONS = { allErrors: true, discriminator: true, strictNumbers: true, allowUnionTypes: true, verbose: true } as const;

/** An Ajv 2020 validator with POLICY_AJV_OPTIONS. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  // Ajv is loaded on first use: a scenario of built-in policies never compiles a policy schema,
  // and loading Ajv costs ~50 ms of CPU at a command's start (issue 22).
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Class };
  const ajv = new Ajv2020(POLICY_AJV_OPTIONS);
  return ajv.compile(schema);
}

function validator(): ValidateFunction {
  compiled ??= compileSchema(buildPolicySchema());
  return compiled;
}

/** A JSON object (not an array, not null): the neutral layer's `isRecord`, under the name policy code uses. */
export const isObject = isRecord;

/** The id of the nearest tree node enclosing `segments` (null outside trees or without an id). */
export function nodeIdAt(doc: unknown, segments: readonly PathSegment[]): string | null {
  if (!isObject(doc) || segments.length === 0) return null;
  const first = segments[0];
  if (typeof first !== 'string' || !isTreeKey(first)) return null;
  let node: unknown = doc[first];
  let id = idOf(node);
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if ((s !== 'on_true' && s !== 'on_false') || !isObject(node)) break;
    node = node[s];
    id = idOf(node) ?? id;
  }
  return id;
}

function idOf(node: unknown): string | null {
  return isObject(node) && typeof node['node_id'] === 'string' && node['node_id'] !== '' ? node['node_id'] : null;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  integer: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeTypes(type: unknown): string {
  const list = (Array.isArray(type) ? type : [type]).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return list.join(' or ');
}

function quoted(x: unknown): string {
  return quoteValue(JSON.stringify(x) ?? String(x));
}

export interface TagChoices {
  readonly what: string;
  readonly choices: readonly string[];
}

/** How to name the allowed words of a discriminator tag, and which node encloses a path. */
export interface ErrorContext {
  readonly tagChoices: (tag: string, at: readonly PathSegment[]) => TagChoices;
  readonly nodeIdAt: (doc: unknown, path: readonly PathSegment[]) => string | null;
}

/** The allowed words of a policy document's discriminator tags. */
function policyTagChoices(tag: string, segments: readonly PathSegment[]): TagChoices {
  if (tag === 'type') return { what: 'not a node type', choices: ['condition', 'action'] };
  if (tag === 'action') {
    const root = segments[0];
    const kind = typeof root === 'string' && isTreeKey(root) ? treeKindOf(root) : 'payment';
    return { what: `not a ${kind}-tree action`, choices: actionsOf(kind).map((a) => a.name) };
  }
  // `op` of a computation sits under a `compute` key; every other `op` is an expression's.
  const inCompute = segments[segments.length - 1] === 'compute';
  return inCompute
    ? { what: 'not a computation operator', choices: COMPUTE_OPS }
    : { what: 'not an expression operator', choices: EXPRESSION_OPS };
}

/** Policy wording of one Ajv error found at `at` (the `schema` code throughout). */
function phrase(e: ErrorObject, at: readonly PathSegment[], context: ErrorContext): Phrase | null {
  const issue = (message: string, key?: string): Phrase => (key === undefined ? { code: 'schema', message } : { key, code: 'schema', message });
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
    case 'oneOf':
    case 'anyOf':
      return null; // the failing branch reports the problem itself
    case 'required':
      return issue(`required key "${String(p['missingProperty'])}" is missing`, String(p['missingProperty']));
    case 'additionalProperties': {
      const key = String(p['additionalProperty']);
      const allowed = isObject(e.parentSchema) && isObject(e.parentSchema['properties'])
        ? Object.keys(e.parentSchema['properties'])
        : [];
      // Same wording as scenario files (src/config): the path already ends with the key.
      const hint = allowed.length > 0 ? `expected one of ${allowed.join(', ')}` : 'nothing else is allowed here';
      return issue(`unknown key (${hint})`, key);
    }
    case 'propertyNames':
      return issue(`name "${String(p['propertyName'])}" must match ^[A-Za-z_][A-Za-z0-9_]*$`, String(p['propertyName']));
    case 'pattern':
      // propertyNames reports the offending name itself, just above
      return e.schemaPath.includes('/propertyNames/') ? null : issue(`must match ${String(p['pattern'])}`);
    case 'discriminator': {
      const tag = String(p['tag']);
      const tagValue = isObject(e.data) ? e.data[tag] : undefined;
      if (p['error'] === 'tag') {
        // a missing tag is already a `required` error
        return tagValue === undefined ? null : issue('must be a string', tag);
      }
      const { what, choices } = context.tagChoices(tag, at);
      return issue(`${quoted(tagValue)} is ${what} (expected one of ${choices.join(', ')})`, tag);
    }
    case 'type':
      return issue(`must be ${describeTypes(p['type'])}`);
    case 'const':
      return issue(`must be ${quoted(p['allowedValue'])}`);
    case 'enum':
      return issue(`must be one of ${(p['allowedValues'] as unknown[]).map(quoted).join(', ')}`);
    case 'minimum':
      return issue(`must be ≥ ${String(p['limit'])}`);
    case 'maximum':
      return issue(`must be ≤ ${String(p['limit'])}`);
    case 'exclusiveMinimum':
      return issue(`must be > ${String(p['limit'])}`);
    case 'exclusiveMaximum':
      return issue(`must be < ${String(p['limit'])}`);
    case 'minLength':
      return issue('must not be empty');
    case 'minItems':
      return issue(`must have at least ${String(p['limit'])} item${p['limit'] === 1 ? '' : 's'}`);
    case 'minProperties':
      return issue('a value needs one of the keys field, param, value, compute');
    case 'maxProperties': {
      const keys = isObject(e.data) ? Object.keys(e.data).join(', ') : '';
      return issue(`a value takes exactly one of the keys field, param, value, compute (found ${keys})`);
    }
    default:
      return issue(e.message ?? `fails ${e.keyword}`);
  }
}

/** Runs `validate` on `doc` (in `file`): one issue per problem, in policy wording, Ajv's follow-up errors dropped. */
export function policySchemaIssues(validate: ValidateFunction, doc: unknown, file: string, context: ErrorContext): ValidationIssue[] {
  if (validate(doc)) return [];
  const book: Phrasebook = { phrase: (e, at) => phrase(e, at, context), rangeAfterType: 'keep' };
  return translateAjvErrors(validate.errors ?? [], doc, book).map((p) => ({
    file,
    path: formatPath('', p.path),
    code: 'schema',
    message: p.message,
    node_id: context.nodeIdAt(doc, p.path),
  }));
}

const POLICY_CONTEXT: ErrorContext = { tagChoices: policyTagChoices, nodeIdAt };

export function schemaIssues(doc: unknown, file: string): ValidationIssue[] {
  return policySchemaIssues(validator(), doc, file, POLICY_CONTEXT);
}
