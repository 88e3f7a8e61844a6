// Ajv errors → ValidationIssues a person can act on: the path of the offending value (or of the
// missing/unknown key), what is wrong, and what was expected, in one line.

import type { ErrorObject } from 'ajv';
import { formatPath, type PathSegment, type ValidationIssue } from './issues.js';
import { instanceSegments, isRecord } from './json-path.js';
import { quoteValue } from './quote.js';

// ---- The translator: one for every schema of paysim ------------------------------------------

/** One Ajv error in a document kind's words. */
export interface Phrase {
  /** A key below the error's instance the problem is about (a missing or unknown key). */
  readonly key?: string;
  readonly message: string;
  readonly code: string;
}

/**
 * How a document kind words Ajv's errors: a phrase for an error found at `at`, or null for an
 * error that is only a follow-up of another (the failing branch of a `oneOf` explains itself).
 */
export interface Phrasebook {
  readonly phrase: (error: ErrorObject, at: readonly PathSegment[]) => Phrase | null;
  /** Drop range errors at a value that already has the wrong type (one message says it all). */
  readonly rangeAfterType?: 'drop' | 'keep';
}

export interface SchemaProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly code: string;
}

/** Translates Ajv's errors (compiled with `allErrors` and `verbose`) for the document `doc`. */
export function translateAjvErrors(errors: readonly ErrorObject[], doc: unknown, book: Phrasebook): SchemaProblem[] {
  const wrongType =
    book.rangeAfterType === 'drop' ? new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath)) : null;
  const problems: SchemaProblem[] = [];
  for (const error of errors) {
    if (wrongType !== null && RANGE_KEYWORDS.has(error.keyword) && wrongType.has(error.instancePath)) continue;
    const at = instanceSegments(doc, error.instancePath);
    const phrase = book.phrase(error, at);
    if (phrase === null) continue;
    problems.push({ path: phrase.key === undefined ? at : [...at, phrase.key], message: phrase.message, code: phrase.code });
  }
  return problems;
}

const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);

// ---- The words of scenario and experiment files ---------------------------------------------

export interface SchemaWords {
  /** The root schema the errors refer to (schemaPath is resolved in it). */
  readonly root: Record<string, unknown>;
  /** Phrases for `$defs` entries by name: `cents_non_negative` → `an integer number of cents ≥ 0`. */
  readonly defPhrases: Readonly<Record<string, string>>;
  /** Phrases for individual schema nodes, overriding the generic wording. */
  readonly nodePhrases: WeakMap<object, string>;
}

/** Ajv's errors for a scenario-style document as issues of `file`. */
export function ajvIssues(
  errors: readonly ErrorObject[],
  doc: unknown,
  file: string,
  words: SchemaWords,
): ValidationIssue[] {
  const book: Phrasebook = { phrase: (error) => translate(error, words), rangeAfterType: 'drop' };
  return translateAjvErrors(errors, doc, book).map((p) => ({ file, path: formatPath('', p.path), message: p.message, code: p.code }));
}

function translate(error: ErrorObject, words: SchemaWords): Phrase | null {
  const params: Record<string, unknown> = error.params;
  const location = error.schemaPath.slice(0, error.schemaPath.lastIndexOf('/'));
  const node = schemaAt(words.root, location);
  const expected = (): string => phraseAt(words, location, node);
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = isRecord(node) && isRecord(node['properties']) ? Object.keys(node['properties']) : [];
      return { key, code: 'unknown_key', message: `unknown key (expected one of ${allowed.join(', ')})` };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      const propLocation = `${location}/properties/${escapePointer(key)}`;
      const propNode = schemaAt(words.root, propLocation);
      const what = discriminatorChoices(node, key) ?? phraseAt(words, propLocation, propNode);
      return { key, code: 'missing_key', message: `missing required key (expected ${what})` };
    }
    case 'discriminator': {
      const tag = String(params['tag']);
      const choices = discriminatorChoices(node, tag) ?? 'a known type';
      const value = params['tagValue'];
      if (value === undefined) {
        return { key: tag, code: 'missing_key', message: `missing required key (expected ${choices})` };
      }
      const problem = params['error'] === 'mapping' ? `${show(value)} is not a known ${tag}` : `got ${describe(value)}`;
      return { key: tag, code: 'schema', message: `${problem} (expected ${choices})` };
    }
    case 'type': {
      if (isUnsafeIntegerText(data) && allowsOnly(node, 'integer')) {
        return { code: 'unsafe_integer', message: `${quoteValue(String(data))} is not a safe integer (expected ${safeRange(expected())})` };
      }
      if (typeof data === 'number' && !Number.isInteger(data) && allowsNumberKind(node, 'integer')) {
        return { code: 'schema', message: `${show(data)} is not an integer (expected ${expected()})` };
      }
      // A decimal the reader kept as text because a double would round it to an integer (number-literal.ts).
      if (isRoundedDecimalText(data) && allowsNumberKind(node, 'integer')) {
        return { code: 'schema', message: `${quoteValue(data)} is not an integer (expected ${expected()})` };
      }
      if (isRoundedDecimalText(data) && allowsNumberKind(node, 'number')) {
        return {
          code: 'schema',
          message: `${quoteValue(data)} has more digits than a number keeps (it would read as ${Number(data)}; expected ${expected()} written with fewer digits)`,
        };
      }
      return { code: 'schema', message: `got ${describe(data)} (expected ${expected()})` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = params['limit'];
      if (typeof limit === 'number' && Math.abs(limit) === Number.MAX_SAFE_INTEGER && allowsNumberKind(node, 'integer')) {
        return { code: 'unsafe_integer', message: `${show(data)} is not a safe integer (expected ${safeRange(expected())})` };
      }
      if (error.keyword === 'maximum' && typeof limit === 'number' && limit >= LARGE_LIMIT) {
        return { code: 'schema', message: `${show(data)} is too large (expected at most ${limit})` };
      }
      return { code: 'schema', message: `${show(data)} is out of range (expected ${expected()})` };
    }
    case 'enum':
    case 'const':
    case 'pattern':
      return { code: 'schema', message: `${show(data)} is not allowed (expected ${expected()})` };
    case 'minItems':
    case 'maxItems':
    case 'items': {
      const count = Array.isArray(data) ? data.length : 0;
      return {
        code: 'schema',
        message: `a list of ${count} item${count === 1 ? '' : 's'} (expected ${withItemBound(expected(), error.keyword, params['limit'])})`,
      };
    }
    case 'oneOf':
    case 'if':
      // Only reported alongside the errors of the branch that explains them.
      return null;
    default:
      return { code: 'schema', message: `${error.message ?? 'invalid'} (keyword ${error.keyword})` };
  }
}

/**
 * The bound a list broke, when the phrase does not say it already: `a list` → `a list of at least 2
 * items` (the phrase of a schema with its own words, e.g. `a non-empty list of values`, stands).
 */
function withItemBound(phrase: string, keyword: string, limit: unknown): string {
  if (typeof limit !== 'number' || (keyword !== 'minItems' && keyword !== 'maxItems')) return phrase;
  if (/\bat (least|most)\b|non-empty|\d/.test(phrase)) return phrase;
  const bound = `${keyword === 'minItems' ? 'at least' : 'at most'} ${limit} item${limit === 1 ? '' : 's'}`;
  return phrase === 'a list' ? `a list of ${bound}` : `${phrase}, ${bound}`;
}

/** Adds the safe-integer bound to a phrase that does not already say how large is too large. */
function safeRange(phrase: string): string {
  return phrase.includes('2^53') ? phrase : `${phrase}, |x| < 2^53`;
}

/** For a `type`-discriminated node: `one of A, B, C`, when `key` is the discriminator. */
function discriminatorChoices(node: unknown, key: string): string | null {
  if (!isRecord(node) || !isRecord(node['discriminator']) || node['discriminator']['propertyName'] !== key) return null;
  const branches = Array.isArray(node['oneOf']) ? node['oneOf'] : [];
  const tags = branches.map((branch: unknown) => {
    const props = isRecord(branch) ? branch['properties'] : undefined;
    const tagSchema = isRecord(props) ? props[key] : undefined;
    return isRecord(tagSchema) ? String(tagSchema['const']) : '?';
  });
  return `one of ${tags.join(', ')}`;
}

/** The schema node at a `#/a/b` location, or undefined. */
function schemaAt(root: unknown, location: string): unknown {
  let node = root;
  for (const raw of location.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isRecord(node)) node = node[segment];
    else return undefined;
  }
  return node;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What the node at `location` expects, in words. */
function phraseAt(words: SchemaWords, location: string, node: unknown): string {
  const def = /^#\/\$defs\/([^/]+)$/.exec(location);
  if (def?.[1] !== undefined && words.defPhrases[def[1]] !== undefined) return words.defPhrases[def[1]];
  return phrase(words, node);
}

function phrase(words: SchemaWords, node: unknown): string {
  if (!isRecord(node)) return 'a value';
  const custom = words.nodePhrases.get(node);
  if (custom !== undefined) return custom;
  const ref = node['$ref'];
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
    const name = ref.slice('#/$defs/'.length);
    return words.defPhrases[name] ?? phrase(words, schemaAt(words.root, ref));
  }
  if (node['const'] !== undefined) return show(node['const']);
  if (Array.isArray(node['enum'])) return `one of ${node['enum'].map(String).join(', ')}`;
  if (isRecord(node['discriminator']) && typeof node['discriminator']['propertyName'] === 'string') {
    const tag = node['discriminator']['propertyName'];
    return `a mapping with ${tag} ${discriminatorChoices(node, tag) ?? ''}`.trimEnd();
  }
  switch (node['type']) {
    case 'integer':
      return `an integer${range(node)}`;
    case 'number':
      return `a number${range(node)}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return node['pattern'] === '\\S' ? 'a non-blank string' : 'a string';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    default:
      return 'a value';
  }
}

/**
 * Maxima at or above this are technical bounds (32-bit ticks, safe integers), left out of the
 * "expected" wording unless they are what was exceeded.
 */
const LARGE_LIMIT = 2_147_483_647;

function range(node: Record<string, unknown>): string {
  const min = node['minimum'];
  const max = typeof node['maximum'] === 'number' && node['maximum'] >= LARGE_LIMIT ? undefined : node['maximum'];
  const xmin = node['exclusiveMinimum'];
  if (typeof min === 'number' && typeof max === 'number') return ` in ${min}..${max}`;
  if (typeof min === 'number') return ` ≥ ${min}`;
  if (typeof xmin === 'number') return ` > ${xmin}`;
  if (typeof max === 'number') return ` ≤ ${max}`;
  return '';
}

function allowsNumberKind(node: unknown, kind: 'integer' | 'number'): boolean {
  if (!isRecord(node)) return false;
  const type = node['type'];
  return type === kind || (Array.isArray(type) && type.includes(kind));
}

function allowsOnly(node: unknown, kind: string): boolean {
  return isRecord(node) && node['type'] === kind;
}

/** A digit string as produced by the reader for integer literals beyond 2^53. */
function isUnsafeIntegerText(data: unknown): boolean {
  return typeof data === 'string' && /^-?[0-9]+$/.test(data) && !Number.isSafeInteger(Number(data));
}

/** A decimal as the reader keeps it when a double would round it to an integer: `100.000000000000001`. */
function isRoundedDecimalText(data: unknown): data is string {
  return typeof data === 'string' && /^[+-]?[0-9]*\.?[0-9]*([eE][+-]?[0-9]+)?$/.test(data) && /[0-9]/.test(data) && /[.eE]/.test(data);
}

/** A value as the user wrote it: numbers plain, strings quoted. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${quoteValue(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string ${show(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}
