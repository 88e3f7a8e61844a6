// Reading YAML or JSON documents from disk into plain data, with file/line/column errors.
// Used for scenarios, experiments and policy files alike.

import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { ValidationError, type ValidationIssue } from './issues.js';

/**
 * Reads a YAML or JSON file (JSON is parsed as YAML 1.2, of which it is a subset, so both get the
 * same line/column errors and duplicate-key detection). Throws ValidationError when the file is
 * missing, unreadable or not well-formed.
 *
 * Integer literals outside the safe range (|x| ≥ 2^53) come back as decimal strings rather than
 * rounded numbers: a 64-bit seed keeps every digit, and an oversized amount is reported instead of
 * silently losing cents.
 */
export function readDocumentFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ValidationError([readFailure(file, err)]);
  }
  return parseDocumentText(text, file);
}

/** Parses YAML or JSON text; `file` names it in messages. Throws ValidationError on syntax errors. */
export function parseDocumentText(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  // intAsBigInt: integer literals arrive exact, so the conversion below can tell safe from unsafe.
  const doc = parseDocument(text, { intAsBigInt: true, prettyErrors: false, lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ValidationIssue => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return {
        file,
        path: '',
        message: `line ${line}, column ${col}: ${firstLine(error.message)}`,
        code: 'syntax',
      };
    });
    throw new ValidationError(issues);
  }
  return exactIntegers(doc.toJS({ maxAliasCount: 100 }));
}

/** A failed read as an issue naming the file (missing, a directory, unreadable). */
export function readFailure(file: string, err: unknown): ValidationIssue {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return { file, path: '', message: 'file not found', code: 'missing_file' };
  if (code === 'EISDIR') return { file, path: '', message: 'is a directory, not a file', code: 'missing_file' };
  const reason = err instanceof Error ? err.message : String(err);
  return { file, path: '', message: `cannot read file (${reason})`, code: 'unreadable_file' };
}

function firstLine(message: string): string {
  const cut = message.indexOf('\n');
  const line = cut < 0 ? message : message.slice(0, cut);
  // yaml appends its own " at line L, column C:"; ours is already in front.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Replaces bigints: safe ones by numbers, others by their exact decimal string. */
function exactIntegers(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= SAFE_MAX && value >= -SAFE_MAX ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(exactIntegers);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a `__proto__` key stays an ordinary key instead of replacing the prototype.
      Object.defineProperty(out, key, { value: exactIntegers(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
