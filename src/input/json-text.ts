// Strict JSON for documents that arrive as JSON text rather than files (HTTP bodies): the same
// rules as the file reader (read.ts) — no duplicate keys, bounded depth — at JSON.parse speed.
// JSON.parse keeps the last of two equal keys silently, and rounds 9007199254740993 and
// 100.000000000000001 without a word; the scan below finds the keys, and puts back such numbers
// as their text (number-literal.ts), as the file reader does.

import { joinPath } from './issues.js';
import { literalValue } from './number-literal.js';
import { quoteValue } from './quote.js';
import { LONE_SURROGATE_MESSAGE, loneSurrogatePath } from './unicode.js';
import { DOCUMENT_MAX_DEPTH } from './read.js';

export type JsonRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly path: string; readonly message: string };

interface Frame {
  /** Keys seen so far; null for a list. */
  readonly keys: Set<string> | null;
  /** The key or index of the value being read. */
  at: string | number;
}

/** Parses JSON text, refusing duplicate keys and nesting deeper than DOCUMENT_MAX_DEPTH. */
export function parseStrictJson(text: string): JsonRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, path: '', message: `not valid JSON: ${quoteValue(error instanceof Error ? error.message : String(error))}` };
  }
  const scanned = scan(text);
  if (!Array.isArray(scanned)) return scanned;
  // Only an escape can write a lone surrogate: text decoded from UTF-8 holds none.
  const lone = text.includes('\\u') ? loneSurrogatePath(value) : null;
  if (lone !== null) return { ok: false, path: lone, message: LONE_SURROGATE_MESSAGE };
  for (const { at, literal } of scanned) {
    if (at.length === 0) return { ok: true, value: literal };
    let parent = value as Record<string | number, unknown>;
    for (const step of at.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    // defineProperty: a key named __proto__ is an ordinary own key of the parsed object.
    Object.defineProperty(parent, at[at.length - 1]!, { value: literal, enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, value };
}

/** A number JSON.parse misstates: where it is, and its text. */
interface Literal {
  readonly at: ReadonlyArray<string | number>;
  readonly literal: string;
}

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) path = joinPath(path, frame.at);
  return path;
}

/** One pass over text already known to be valid JSON: duplicate keys, depth, misstated numbers. */
function scan(text: string): JsonRead | Literal[] {
  const stack: Frame[] = [];
  const literals: Literal[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (!expectKey) continue;
      const raw = text.slice(start, i + 1);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const frame = stack[stack.length - 1]!;
      if (frame.keys!.has(key)) {
        frame.at = key;
        return { ok: false, path: pathOf(stack), message: `duplicate key "${quoteValue(key)}"` };
      }
      frame.keys!.add(key);
      frame.at = key;
      expectKey = false;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      if (stack.length >= DOCUMENT_MAX_DEPTH) return { ok: false, path: pathOf(stack), message: `nests more than ${DOCUMENT_MAX_DEPTH} levels` };
      const isObject = ch === 0x7b;
      stack.push({ keys: isObject ? new Set() : null, at: isObject ? '' : 0 });
      expectKey = isObject;
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (ch === 0x2c /* , */) {
      const frame = stack[stack.length - 1]!;
      if (frame.keys === null) frame.at = (frame.at as number) + 1;
      else expectKey = true;
    } else if (ch === 0x2d /* - */ || (ch >= 0x30 && ch <= 0x39)) {
      const start = i;
      while (i + 1 < text.length && NUMBER_CHARS.has(text.charCodeAt(i + 1))) i++;
      const token = text.slice(start, i + 1);
      const number = Number(token);
      if (!Number.isFinite(number)) {
        return { ok: false, path: pathOf(stack), message: `${quoteValue(token)} is too large for a number (expected a finite number)` };
      }
      const value = literalValue(token, number);
      if (typeof value === 'string') literals.push({ at: stack.map((frame) => frame.at), literal: value });
    }
  }
  return literals;
}

/** Characters after the first of a JSON number: digits, `.`, `e`, `E`, `+`, `-`. */
const NUMBER_CHARS = new Set([...'0123456789.eE+-'].map((c) => c.charCodeAt(0)));
