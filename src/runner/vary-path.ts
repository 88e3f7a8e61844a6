// `vary` paths (runner.md §2): where in the scenario document a parameter varies.
//
//   lsm_config.enabled            a key path
//   agents[*].credit_limit        every item of a list
//   agents[BANK_A].credit_limit   the item whose `id` is BANK_A
//   agents[0].credit_limit        an item by position
//
// Paths are applied to the raw scenario document (before defaults), which is then validated as
// a whole: the scenario schema, not this module, decides which paths and values exist.

import { joinPath } from '../input/issues.js';
import { isRecord } from '../input/json-path.js';
import { quoteValue } from '../input/quote.js';

export type Selector = { readonly kind: 'all' } | { readonly kind: 'index'; readonly index: number } | { readonly kind: 'id'; readonly id: string };

export interface PathSegment {
  readonly key: string;
  readonly selectors: readonly Selector[];
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\][]+\])*)$/;

/** Names that reach JavaScript internals rather than data: following them could pollute every object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export const PATH_EXAMPLES = 'e.g. lsm_config.enabled, agents[*].credit_limit, agents[BANK_A].credit_limit';

/** Parses a path, or returns a message saying what is wrong with it. */
export function parseVaryPath(path: string): PathSegment[] | string {
  if (path.trim() === '') return `an empty path (expected a path into the scenario, ${PATH_EXAMPLES})`;
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const match = SEGMENT.exec(part);
    if (match === null) return `'${quoteValue(part)}' is not a path segment (expected key or key[selector], ${PATH_EXAMPLES})`;
    if (FORBIDDEN_KEYS.has(match[1]!)) {
      return `'${match[1]}' is not a scenario key (a vary path may not reach into JavaScript object internals)`;
    }
    const selectors: Selector[] = [];
    for (const sel of match[2]!.matchAll(/\[([^\][]+)\]/g)) {
      const text = sel[1]!;
      if (text === '*') selectors.push({ kind: 'all' });
      else if (/^(0|[1-9][0-9]*)$/.test(text)) selectors.push({ kind: 'index', index: Number(text) });
      else selectors.push({ kind: 'id', id: text });
    }
    segments.push({ key: match[1]!, selectors });
  }
  return segments;
}

/** How a value is set: replaced, or the existing number multiplied. */
export type VaryChange = { readonly kind: 'set'; readonly value: unknown } | { readonly kind: 'scale'; readonly factor: number };

export type ApplyResult = { readonly ok: true; readonly touched: readonly string[] } | { readonly ok: false; readonly message: string };

/**
 * Applies `change` at `path` inside `doc` (mutated in place; pass a copy). Returns the concrete
 * paths it wrote (`agents[0].credit_limit`, …) so that validation problems can be traced back.
 * Missing intermediate mappings are created, so that a default the scenario leaves out can
 * still be varied; a missing value cannot be scaled.
 */
export function applyVaryPath(doc: unknown, segments: readonly PathSegment[], change: VaryChange): ApplyResult {
  const touched: string[] = [];
  const failure = walk(doc, segments, 0, '', change, touched);
  return failure === null ? { ok: true, touched } : { ok: false, message: failure };
}

function walk(
  node: unknown,
  segments: readonly PathSegment[],
  at: number,
  where: string,
  change: VaryChange,
  touched: string[],
): string | null {
  const segment = segments[at]!;
  if (!isRecord(node)) return `${where === '' ? 'the scenario' : where} is not a mapping, so it has no key '${segment.key}'`;
  const here = joinPath(where, segment.key);
  const last = at === segments.length - 1;
  if (segment.selectors.length === 0) {
    if (last) return setLeaf(node, segment.key, here, change, touched);
    // Own keys only: an inherited name is never a path into the document.
    if (!Object.hasOwn(node, segment.key)) setKey(node, segment.key, {});
    return walk(node[segment.key], segments, at + 1, here, change, touched);
  }
  return select(node, segment.key, segment.selectors, 0, here, (parent, key, path) => {
    if (last) return setLeaf(parent, key, path, change, touched);
    const child = (parent as Record<string | number, unknown>)[key];
    return walk(child, segments, at + 1, path, change, touched);
  });
}

type Visit = (parent: Record<string, unknown> | unknown[], key: string | number, path: string) => string | null;

function select(
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  selectors: readonly Selector[],
  at: number,
  path: string,
  visit: Visit,
): string | null {
  if (at === selectors.length) return visit(parent, key, path);
  const list = (parent as Record<string | number, unknown>)[key];
  if (!Array.isArray(list)) return `${path} is not a list, so [${selectorText(selectors[at]!)}] selects nothing`;
  const selector = selectors[at]!;
  let indices: number[];
  switch (selector.kind) {
    case 'all':
      if (list.length === 0) return `${path} is an empty list`;
      indices = list.map((_, i) => i);
      break;
    case 'index':
      if (selector.index >= list.length) return `${path} has ${list.length} item(s), so there is no [${selector.index}]`;
      indices = [selector.index];
      break;
    case 'id': {
      const found = list.findIndex((item) => isRecord(item) && item['id'] === selector.id);
      if (found < 0) {
        const ids = list.map((item) => (isRecord(item) ? String(item['id']) : '?'));
        return `no item of ${path} has id '${selector.id}' (ids: ${ids.join(', ')})`;
      }
      indices = [found];
      break;
    }
  }
  for (const i of indices) {
    const failure = select(list, i, selectors, at + 1, joinPath(path, i), visit);
    if (failure !== null) return failure;
  }
  return null;
}

function selectorText(selector: Selector): string {
  return selector.kind === 'all' ? '*' : selector.kind === 'index' ? String(selector.index) : selector.id;
}

function setLeaf(
  parent: Record<string, unknown> | unknown[],
  key: string | number,
  path: string,
  change: VaryChange,
  touched: string[],
): string | null {
  const container = parent as Record<string | number, unknown>;
  if (change.kind === 'set') {
    if (Array.isArray(parent)) container[key] = structuredClone(change.value);
    else setKey(parent, String(key), structuredClone(change.value));
  } else {
    const current = container[key];
    if (current === undefined) return `${path} is not set in the scenario, so there is nothing to scale`;
    if (typeof current !== 'number') return `${path} is ${quoteValue(JSON.stringify(current))}, not a number, so it cannot be scaled`;
    container[key] = scaled(current, change.factor);
  }
  touched.push(path);
  return null;
}

/**
 * Integers stay integers (money is whole cents): the product is rounded half away from zero.
 * Other numbers (rates, fractions) are multiplied exactly.
 */
export function scaled(value: number, factor: number): number {
  const product = value * factor;
  if (!Number.isInteger(value)) return product;
  return Math.sign(product) * Math.round(Math.abs(product));
}

/** Sets a key without letting `__proto__` replace the prototype. */
function setKey(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}
