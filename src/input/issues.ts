// Validation problems as values: every one names the file, the path inside it and what was expected.

import { QUOTE_MAX, quoteValue } from './quote.js';

export interface ValidationIssue {
  /** The file the problem is in (as given by the user), or '<inline>' for documents without one. */
  readonly file: string;
  /** JSON path inside the document: keys joined by '.', array items as [i] (`agents[2].credit_limit`). */
  readonly path: string;
  /** What is wrong and what was expected. */
  readonly message: string;
  /** Machine-readable kind (`schema`, `unknown_field`, `missing_file`, …). */
  readonly code: string;
  /** Policy errors: the nearest enclosing tree node's id (null outside trees). */
  readonly node_id?: string | null;
}

/**
 * One line per issue: `file: path: message`. Each part is clipped, so a hostile key or value
 * (a megabyte of text) cannot turn one issue into a megabyte of output.
 */
export function formatIssue(issue: ValidationIssue): string {
  const path = quoteValue(issue.path, 2 * QUOTE_MAX);
  const where = path === '' ? issue.file : `${issue.file}: ${path}`;
  const node = issue.node_id ? ` [node ${quoteValue(issue.node_id)}]` : '';
  return `${where}: ${quoteValue(issue.message, 4 * QUOTE_MAX)}${node}`;
}

/** At most this many problems are printed: the rest are counted (200 000 bad rows are one mistake, not 28 MB). */
export const SHOWN_ISSUES_MAX = 100;

/** Each issue's line, the first SHOWN_ISSUES_MAX of them, then one line counting the rest by file. */
export function formatIssues(issues: readonly ValidationIssue[], max = SHOWN_ISSUES_MAX): string[] {
  const lines = issues.slice(0, max).map(formatIssue);
  if (issues.length <= max) return lines;
  const byFile = new Map<string, number>();
  for (const issue of issues.slice(max)) byFile.set(issue.file, (byFile.get(issue.file) ?? 0) + 1);
  const where = [...byFile].map(([file, n]) => `${n} in ${file}`).join(', ');
  lines.push(`… and ${issues.length - max} more problem${issues.length - max === 1 ? '' : 's'} not shown (${where})`);
  return lines;
}

/** Thrown when input is invalid; carries every issue found (never just the first). */
export class ValidationError extends Error {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A step of a path inside a document: a key, or an index into a list. */
export type PathSegment = string | number;

/** Appends a key or index to a JSON path in the `a.b[2].c` notation. */
export function joinPath(base: string, key: PathSegment): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** The issues of a part of a document placed under `prefix`, the part's own path in it. */
export function underPath(prefix: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  if (prefix === '') return [...issues];
  return issues.map((issue) => ({
    ...issue,
    path: issue.path === '' ? prefix : issue.path.startsWith('[') ? `${prefix}${issue.path}` : `${prefix}.${issue.path}`,
  }));
}

/** Segments written out after `prefix` in the `a.b[2].c` notation. */
export function formatPath(prefix: string, segments: readonly PathSegment[]): string {
  let path = prefix;
  for (const s of segments) path = joinPath(path, s);
  return path;
}
