// Validation of one policy document (policy-dsl.md §7): the schema check and checks 2–6 in one
// pass, over the document as it will run (parameters already merged with any overrides).

import { underPath, type ValidationIssue } from '../input/issues.js';
import { sortIssues } from '../input/json-path.js';
import { isObject, schemaIssues } from './schema-check.js';
import { semanticIssues } from './semantic-check.js';

/**
 * Far above any valid document (100 condition levels plus 100 expression levels, two JSON levels
 * each), low enough that the recursive checks can never exhaust the stack.
 */
const JSON_NESTING_MAX = 1_000;

function nestingExceeds(doc: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[doc, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(x)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The issue of a document nested too deeply for the recursive checks, or null. Iterative and
 * bounded by the limit, so it also ends on a cyclic object (which only code, not a file, can build).
 */
export function nestingIssue(doc: unknown, file: string): ValidationIssue | null {
  if (!nestingExceeds(doc, JSON_NESTING_MAX)) return null;
  return {
    file,
    path: '',
    code: 'too_deep',
    message: `the document nests more than ${JSON_NESTING_MAX} levels; trees allow 100 condition levels`,
    node_id: null,
  };
}

/** The document's own numeric parameters (anything else is a schema error, reported there). */
export function numericParameters(doc: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const parameters = isObject(doc) ? doc['parameters'] : undefined;
  if (isObject(parameters)) {
    for (const [name, value] of Object.entries(parameters)) {
      if (typeof value === 'number' && Number.isFinite(value)) out.set(name, value);
    }
  }
  return out;
}

/** Every `param` name a tree of the document reads. */
export function parametersUsed(doc: unknown): ReadonlySet<string> {
  return semanticIssues(doc, new Map(), '').usedParams;
}

/**
 * All problems of a document (in `file`) whose `parameters` are already the effective ones. Paths
 * are relative to the document root.
 */
export function policyDocumentIssues(doc: unknown, file: string): ValidationIssue[] {
  const tooDeep = nestingIssue(doc, file);
  if (tooDeep !== null) return [tooDeep];
  return [...schemaIssues(doc, file), ...semanticIssues(doc, numericParameters(doc), file).issues];
}

/** Validates a standalone policy document: every issue, sorted, named by file and path. */
export function validatePolicyDocument(doc: unknown, file: string, pathPrefix = ''): ValidationIssue[] {
  return sortIssues(underPath(pathPrefix, policyDocumentIssues(doc, file)));
}
