// Policy validation problems before they are placed in a file: a path as segments (so sorting can
// tell names from indices), a code, a message and the enclosing node id. policy-dsl.md §7.2 fixes
// the order: by path segment by segment (names byte-wise, indices numerically, a prefix first),
// then code, then message, without duplicates.

import { formatPath, type PathSegment, type ValidationIssue } from '../input/issues.js';
import { compareIds } from '../engine/order.js';

export type { PathSegment };

export type PolicyIssueCode =
  | 'schema'
  | 'duplicate_node_id'
  | 'too_deep'
  | 'unknown_field'
  | 'field_not_in_tree'
  | 'unknown_param'
  | 'unknown_param_override'
  | 'zero_divisor'
  | 'missing_file'
  | 'bad_file';

export interface PolicyIssue {
  readonly path: readonly PathSegment[];
  readonly code: PolicyIssueCode;
  readonly message: string;
  readonly nodeId: string | null;
}

function compareSegment(a: PathSegment, b: PathSegment): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareIds(a, b);
}

export function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareSegment(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function compareIssues(a: PolicyIssue, b: PolicyIssue): number {
  return (
    comparePaths(a.path, b.path) || compareIds(a.code, b.code) || compareIds(a.message, b.message)
  );
}

/** Sorted as §7.2, duplicates (same path, code and message) removed. */
export function sortIssues(issues: readonly PolicyIssue[]): PolicyIssue[] {
  const sorted = [...issues].sort(compareIssues);
  return sorted.filter((issue, i) => i === 0 || compareIssues(sorted[i - 1]!, issue) !== 0);
}

/** Splits a path written `agents[2].policy` into its segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null) {
      segments.push(part);
      continue;
    }
    if (m[1] !== '') segments.push(m[1]!);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** Prefixes every issue's path with the policy's place in its document. */
export function underPath(prefix: readonly PathSegment[], issues: readonly PolicyIssue[]): PolicyIssue[] {
  return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}

/** Places policy issues in their file, sorted as §7.2. */
export function toValidationIssues(issues: readonly PolicyIssue[], file: string): ValidationIssue[] {
  return sortIssues(issues).map((issue) => ({
    file,
    path: formatPath('', issue.path),
    code: issue.code,
    message: issue.message,
    node_id: issue.nodeId,
  }));
}
