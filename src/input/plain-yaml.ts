// A fast reader for the plain YAML that paysim's scenarios are written in: block mappings and
// sequences, plain or simply quoted one-line scalars, one-line flow sequences of plain scalars and
// comments. The general reader (read.ts: lexer, parser, composer, then a checked copy) spends
// about 2 s on the 1.5 MB 200-bank scenario; this one reads it in a few tens of milliseconds.
//
// It either returns exactly what the general reader returns for the text, or `undefined`: then
// the general reader reads the text, and all of its checks and messages apply. Anything outside
// the subset — anchors, aliases, tags, block scalars, multi-line scalars, explicit keys, quoted
// keys, escapes, tabs, control characters, documents markers, a duplicate key, a non-finite
// number — gives `undefined`, as does a document near the reader's depth or size bounds, so the
// fast path never accepts what the general reader refuses. Scalars resolve as in YAML 1.2's core
// schema, read as read.ts reads them (integers exact, misstated decimals as text).

import { MANY_KEYS, toDictionary } from './dictionary.js';
import { literalValue } from './number-literal.js';

/** Deepest nesting the fast path takes (far below the general reader's bound). */
const MAX_DEPTH = 64;

/** Thrown inside the reader to leave the fast path. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain();

/** Characters the fast path does not take anywhere: controls, BOM, line separators, surrogates. */
const ODD_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;
const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/;
const TRUE_WORD = /^(?:[Tt]rue|TRUE)$/;
const FALSE_WORD = /^(?:[Ff]alse|FALSE)$/;
const DECIMAL_INT = /^[-+]?[0-9]+$/;
const OTHER_INT = /^0o[0-7]+$|^0x[0-9a-fA-F]+$/;
const SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** First characters that make a scalar something other than a plain one-liner (YAML indicators). */
const INDICATOR_START = /^[?:,\[\]{}#&*!|>'"%@`]/;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The document `text` holds, or undefined when it is not in the plain subset or writes more than
 * `maxValues` values (counted generously: the general reader decides near the bound).
 */
export function readPlainYaml(text: string, maxValues: number): unknown {
  if (ODD_CHARACTERS.test(text)) return undefined;
  try {
    return new PlainReader(text, maxValues).document();
  } catch (error) {
    if (error === NOT_PLAIN) return undefined;
    throw error;
  }
}

class PlainReader {
  /** Significant lines (not blank, not comment-only): indentation and content after it. */
  private readonly indents: number[] = [];
  private readonly contents: string[] = [];
  private at = 0;
  private values = 0;

  constructor(
    text: string,
    private readonly maxValues: number,
  ) {
    const lines = text.split('\n');
    for (const line of lines) {
      let indent = 0;
      while (indent < line.length && line.charCodeAt(indent) === 0x20) indent++;
      if (indent === line.length) continue;
      const content = line.slice(indent).trimEnd();
      if (content.charCodeAt(0) === 0x23 /* # */) continue;
      // Directives and document markers.
      if (indent === 0 && (content.startsWith('---') || content.startsWith('...') || content.charCodeAt(0) === 0x25)) throw NOT_PLAIN;
      this.indents.push(indent);
      this.contents.push(content);
    }
  }

  document(): unknown {
    if (this.contents.length === 0) throw NOT_PLAIN;
    const value = this.block(this.indents[0]!, 0);
    if (this.at !== this.contents.length) throw NOT_PLAIN;
    return value;
  }

  count(values: number): void {
    this.values += values;
    if (this.values > this.maxValues) throw NOT_PLAIN;
  }

  /** The block collection starting at the current line, whose indentation is `indent`. */
  private block(indent: number, depth: number): unknown {
    const content = this.contents[this.at]!;
    return isSequenceItem(content) ? this.sequence(indent, depth) : this.mapping(indent, content, depth);
  }

  /**
   * A block mapping whose first entry is `first` (the current line's content, or what follows the
   * `- ` of a sequence item) at column `indent`; its later entries are lines at that column.
   */
  private mapping(indent: number, first: string, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw NOT_PLAIN;
    const record: Record<string, unknown> = {};
    let keys = 0;
    let content = first;
    for (;;) {
      const colon = keyEnd(content);
      if (colon < 0) throw NOT_PLAIN;
      const key = content.slice(0, colon);
      if (!isPlainKey(key) || Object.hasOwn(record, key)) throw NOT_PLAIN;
      this.count(3);
      if (++keys === MANY_KEYS) toDictionary(record);
      const rest = afterIndicator(content, colon + 1);
      this.at++;
      record[key] = rest === '' ? this.nestedValue(indent, depth, true) : this.inlineValue(rest, indent, depth);
      if (this.at === this.contents.length) break;
      const next = this.indents[this.at]!;
      if (next < indent) break;
      if (next > indent) throw NOT_PLAIN;
      content = this.contents[this.at]!;
      if (isSequenceItem(content)) throw NOT_PLAIN;
    }
    return record;
  }

  /** A block sequence of items `- …` at column `indent`, starting at the current line. */
  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw NOT_PLAIN;
    const items: unknown[] = [];
    for (;;) {
      const content = this.contents[this.at]!;
      this.count(2);
      const rest = afterIndicator(content, 1);
      if (rest === '') {
        this.at++;
        items.push(this.nestedValue(indent, depth, false));
      } else if (isSequenceItem(rest)) {
        throw NOT_PLAIN;
      } else if (keyEnd(rest) >= 0 && !INDICATOR_START.test(rest)) {
        // A mapping that starts on the item's line: its keys are at the column of its first key.
        const column = indent + content.length - rest.length;
        this.contents[this.at] = rest;
        this.indents[this.at] = column;
        items.push(this.mapping(column, rest, depth + 1));
      } else {
        this.at++;
        items.push(this.inlineValue(rest, indent, depth));
      }
      if (this.at === this.contents.length) break;
      const next = this.indents[this.at]!;
      if (next > indent) throw NOT_PLAIN;
      // A line at the column that is not an item ends a sequence that is a key's value at the
      // key's own column; anywhere else its mapping, looking at it, refuses it.
      if (next < indent || !isSequenceItem(this.contents[this.at]!)) break;
    }
    return items;
  }

  /**
   * The value of a key or item with nothing after its indicator: a block on the following lines
   * (more indented, or for a key a sequence at the key's own column), else null.
   */
  private nestedValue(indent: number, depth: number, ofKey: boolean): unknown {
    if (this.at < this.contents.length) {
      const next = this.indents[this.at]!;
      if (next > indent) return this.block(next, depth + 1);
      if (ofKey && next === indent && isSequenceItem(this.contents[this.at]!)) return this.sequence(indent, depth + 1);
    }
    this.count(1);
    return null;
  }

  /** A one-line value; the line after it must not be more indented (that would continue it). */
  private inlineValue(text: string, indent: number, depth: number): unknown {
    if (this.at < this.contents.length && this.indents[this.at]! > indent) throw NOT_PLAIN;
    const first = text.charCodeAt(0);
    if (first === 0x22 /* " */) return doubleQuoted(text);
    if (first === 0x27 /* ' */) return singleQuoted(text);
    if (first === 0x5b /* [ */ || first === 0x7b /* { */) {
      const flow = new FlowReader(text, this, depth);
      const value = flow.value();
      flow.end();
      return value;
    }
    return plainScalar(withoutComment(text));
  }
}

/**
 * A flow collection on one line (`{id: A, policy: {type: Fifo}}`, `[20, 60]`): keys plain
 * identifiers followed by `: `, values plain scalars or nested flow collections. Quotes, empty
 * entries, trailing commas and anything subtler leave the fast path.
 */
class FlowReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly counter: { count(values: number): void },
    private readonly depth: number,
  ) {}

  value(): unknown {
    this.spaces();
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b /* { */) return this.collection(0x7d /* } */, true);
    if (c === 0x5b /* [ */) return this.collection(0x5d /* ] */, false);
    return this.scalar();
  }

  /** After the outermost collection: nothing, or a comment after a space. */
  end(): void {
    const rest = this.text.slice(this.at);
    if (rest !== '' && !/^ +(?:#.*)?$/.test(rest)) throw NOT_PLAIN;
  }

  private collection(close: number, isMap: boolean): unknown {
    if (++this.nesting + this.depth > MAX_DEPTH) throw NOT_PLAIN;
    this.at++;
    this.counter.count(1);
    const record: Record<string, unknown> = {};
    const items: unknown[] = [];
    this.spaces();
    if (this.text.charCodeAt(this.at) === close) {
      this.at++;
      this.nesting--;
      return isMap ? record : items;
    }
    for (;;) {
      this.spaces();
      if (isMap) {
        const key = this.key();
        if (Object.hasOwn(record, key)) throw NOT_PLAIN;
        this.counter.count(3);
        record[key] = this.value();
      } else {
        this.counter.count(1);
        items.push(this.value());
      }
      this.spaces();
      const c = this.text.charCodeAt(this.at++);
      if (c === close) break;
      if (c !== 0x2c /* , */) throw NOT_PLAIN;
    }
    this.nesting--;
    return isMap ? record : items;
  }

  private nesting = 0;

  /** `key: ` in a flow mapping. */
  private key(): string {
    const colon = this.text.indexOf(':', this.at);
    if (colon < 0 || this.text.charCodeAt(colon + 1) !== 0x20) throw NOT_PLAIN;
    const key = this.text.slice(this.at, colon);
    if (!isPlainKey(key)) throw NOT_PLAIN;
    this.at = colon + 1;
    return key;
  }

  /** A plain scalar up to the next `,`, `]` or `}`. */
  private scalar(): unknown {
    const start = this.at;
    const text = this.text;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c === 0x2c || c === 0x5d || c === 0x7d) break;
      // Quotes, nested openers, `:` and `#` inside a flow scalar: not for the fast path.
      if (c === 0x22 || c === 0x27 || c === 0x5b || c === 0x7b || c === 0x3a || c === 0x23) throw NOT_PLAIN;
      this.at++;
    }
    const item = text.slice(start, this.at).trim();
    if (item === '') throw NOT_PLAIN;
    return plainScalar(item);
  }

  private spaces(): void {
    while (this.text.charCodeAt(this.at) === 0x20) this.at++;
  }
}

function isSequenceItem(content: string): boolean {
  return content.charCodeAt(0) === 0x2d /* - */ && (content.length === 1 || content.charCodeAt(1) === 0x20);
}

/** Index of the `:` that ends a `key: value` line (followed by a space or the end), else -1. */
function keyEnd(content: string): number {
  const at = content.indexOf(':');
  if (at <= 0) return -1;
  if (at === content.length - 1 || content.charCodeAt(at + 1) === 0x20) return at;
  return -1;
}

/** What follows an indicator at `from`, without leading spaces; '' when only a comment follows. */
function afterIndicator(content: string, from: number): string {
  let i = from;
  while (i < content.length && content.charCodeAt(i) === 0x20) i++;
  if (i === content.length || content.charCodeAt(i) === 0x23 /* # */) return '';
  return content.slice(i);
}

/** The text before a ` #` comment, without trailing spaces. */
function withoutComment(text: string): string {
  const hash = text.indexOf(' #');
  return hash < 0 ? text : text.slice(0, hash).trimEnd();
}

function isReservedWord(word: string): boolean {
  return NULL_WORD.test(word) || TRUE_WORD.test(word) || FALSE_WORD.test(word);
}

/** A plain scalar as the core schema resolves it, read as read.ts reads it. */
function plainScalar(text: string): unknown {
  // `a: b` inside a value, or a trailing `:`, is not a plain scalar.
  if (text.includes(': ') || text.charCodeAt(text.length - 1) === 0x3a) throw NOT_PLAIN;
  const first = text.charCodeAt(0);
  // No number of the core schema starts with a letter: a string, or a null or boolean word.
  if (isLetter(first)) return text.length > 5 || !isReservedWord(text) ? text : NULL_WORD.test(text) ? null : TRUE_WORD.test(text);
  if ((first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2b || first === 0x2e) {
    // `-` as a sequence item indicator (or alone) is not a scalar.
    if (first === 0x2d && (text.length === 1 || text.charCodeAt(1) === 0x20)) throw NOT_PLAIN;
    return numberOrText(text);
  }
  if (text === '~') return null;
  if (INDICATOR_START.test(text)) throw NOT_PLAIN;
  return text;
}

/** A scalar starting with a digit, a sign or a point: an int, a float, or else a string. */
function numberOrText(text: string): unknown {
  if (DECIMAL_INT.test(text)) {
    const exact = BigInt(text);
    return exact <= SAFE_MAX && exact >= -SAFE_MAX ? Number(exact) : exact.toString();
  }
  if (FLOAT.test(text)) {
    const value = parseFloat(text);
    if (!Number.isFinite(value)) throw NOT_PLAIN;
    return literalValue(text, value);
  }
  if (OTHER_INT.test(text) || SPECIAL_FLOAT.test(text)) throw NOT_PLAIN;
  return text;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** A key the fast path takes: a plain identifier the core schema reads as a string. */
function isPlainKey(key: string): boolean {
  if (key.length === 0) return false;
  const first = key.charCodeAt(0);
  if (!isLetter(first) && first !== 0x5f /* _ */) return false;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!(isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d)) return false;
  }
  return (key.length > 5 || !isReservedWord(key)) && key !== '__proto__';
}

/** `"text"` without escapes, then at most a comment. */
function doubleQuoted(text: string): string {
  const close = text.indexOf('"', 1);
  if (close < 0) throw NOT_PLAIN;
  const value = text.slice(1, close);
  if (value.includes('\\')) throw NOT_PLAIN;
  endsQuoted(text, close);
  return value;
}

/** `'text'` with `''` for a quote, then at most a comment. */
function singleQuoted(text: string): string {
  let value = '';
  let from = 1;
  for (;;) {
    const close = text.indexOf("'", from);
    if (close < 0) throw NOT_PLAIN;
    value += text.slice(from, close);
    if (text.charCodeAt(close + 1) !== 0x27) {
      endsQuoted(text, close);
      return value;
    }
    value += "'";
    from = close + 2;
  }
}

function endsQuoted(text: string, close: number): void {
  const rest = text.slice(close + 1);
  if (rest !== '' && !/^ +(?:#.*)?$/.test(rest)) throw NOT_PLAIN;
}
