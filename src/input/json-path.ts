// JSON paths in the `agents[2].credit_limit` notation: from JSON pointers, and in a stable order.

import { formatPath, type PathSegment, type ValidationIssue } from './issues.js';

/**
 * A JSON pointer (`/agents/2/credit_limit`) as path segments. The document is walked alongside,
 * so that a segment is an index only where the data there is a list (a counterparty id `"7"`
 * stays a key).
 */
export function instanceSegments(doc: unknown, pointer: string): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: unknown = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      const index = Number(key);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return segments;
}

/** A JSON pointer (`/agents/2/credit_limit`) as `agents[2].credit_limit`. */
export function pointerToPath(pointer: string, doc: unknown): string {
  return formatPath('', instanceSegments(doc, pointer));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `a.b[2].c` into ['a', 'b', 2, 'c'] (for ordering only; keys with dots stay readable). */
function segments(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    out.push(match[1] !== undefined ? Number(match[1]) : (match[2] ?? ''));
  }
  return out;
}

/** Strings by code point (names of keys and files, codes, messages), as policy-dsl.md §7.2 orders them. */
function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareSegments(a: PathSegment, b: PathSegment): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareText(a, b);
}

/**
 * The one order of issues (policy-dsl.md §7.2, and every other document alike): by file, then path
 * segment by segment (indices numerically, names by code point, a prefix first), then code, then
 * message; exact duplicates dropped. Messages then read top to bottom like the document.
 */
export function sortIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const keyed = issues.map((issue) => ({ issue, segs: segments(issue.path) }));
  keyed.sort((x, y) => {
    const file = compareText(x.issue.file, y.issue.file);
    if (file !== 0) return file;
    const n = Math.min(x.segs.length, y.segs.length);
    for (let i = 0; i < n; i++) {
      const c = compareSegments(x.segs[i] as PathSegment, y.segs[i] as PathSegment);
      if (c !== 0) return c;
    }
    if (x.segs.length !== y.segs.length) return x.segs.length - y.segs.length;
    return compareText(x.issue.code, y.issue.code) || compareText(x.issue.message, y.issue.message);
  });
  const out: ValidationIssue[] = [];
  for (const { issue } of keyed) {
    const last = out[out.length - 1];
    if (last && last.file === issue.file && last.path === issue.path && last.code === issue.code && last.message === issue.message) continue;
    out.push(issue);
  }
  return out;
}
