// The one reader for every document paysim takes from a file (scenarios, experiments, policy
// files): YAML or JSON into plain data, with file/line/column errors. Hostile input is refused
// here, in bounded time and memory, before any validator walks the data: oversized files,
// duplicate keys, alias bombs, unresolved aliases, cycles, deep nesting and non-finite numbers.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { CST, Document, LineCounter } from 'yaml';
import { joinPath, ValidationError, type ValidationIssue } from './issues.js';
import { literalValue } from './number-literal.js';
import { readPlainYaml } from './plain-yaml.js';
import { quoteValue } from './quote.js';
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from './unicode.js';

/**
 * The yaml library, loaded when the general reader first runs: plain YAML (every shipped scenario)
 * never needs it, and loading it costs ~40 ms of CPU at a command's start (issue 22).
 */
let yamlLibrary: typeof Yaml | null = null;
function yaml(): typeof Yaml {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlLibrary;
}

/** Largest document read (the largest shipped scenario is ~50 KB; 10 000 agents fit easily). */
export const DOCUMENT_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Deepest nesting accepted: above any valid document (a policy tree allows 100 condition levels
 * plus 100 expression levels, two levels each), and well below where the YAML library's recursive
 * composer exhausts the stack (~785 levels; at 850 V8 aborted the process while compiling a regular
 * expression). Checked while the text is parsed, before anything recursive runs.
 */
export const DOCUMENT_MAX_DEPTH = 500;
/** Values (mappings, sequences, scalars) a document may hold once aliases are expanded. */
export const DOCUMENT_MAX_NODES = 5_000_000;
/**
 * Values a document may write out (about 1 KB of memory each while parsed): counted as the text
 * is read, so 6 million zeros are refused after a second, not at 4 GB.
 */
export const DOCUMENT_MAX_WRITTEN_VALUES = 1_000_000;
/** Aliases a document may resolve, weighted by what they expand to (yaml's own guard). */
const MAX_ALIAS_COUNT = 100;

export type DocumentRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: ValidationIssue[] };

/**
 * Reads a YAML or JSON file (JSON is parsed as YAML 1.2, of which it is a subset, so both get the
 * same line/column errors and duplicate-key detection). Throws ValidationError when the file is
 * missing, unreadable, too large or not a well-formed tree of plain values.
 *
 * Integer literals outside the safe range (|x| ≥ 2^53) come back as decimal strings rather than
 * rounded numbers: a 64-bit seed keeps every digit, and an oversized amount is reported instead of
 * silently losing cents. So do decimals a double would round to an integer (number-literal.ts).
 */
export function readDocumentFile(file: string): unknown {
  const read = readDocument(file);
  if (!read.ok) throw new ValidationError(read.issues);
  return read.value;
}

/** As readDocumentFile, but returns the problems instead of throwing them. */
export function readDocument(file: string): DocumentRead {
  const text = readText(file);
  if (typeof text !== 'string') return { ok: false, issues: [text] };
  try {
    return { ok: true, value: parseDocumentText(text, file) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, issues: [...error.issues] };
    throw error;
  }
}

/** Parses YAML or JSON text; `file` names it in messages. Throws ValidationError on any problem. */
export function parseDocumentText(text: string, file: string): unknown {
  if (text.length > DOCUMENT_MAX_BYTES) throw new ValidationError([tooLarge(file, text.length)]);
  // Plain block YAML (every shipped scenario) is read directly; anything else, or anything odd,
  // goes through the general parser below with all its checks and messages.
  const plain = readPlainYaml(text, DOCUMENT_MAX_WRITTEN_VALUES);
  if (plain !== undefined) return plain;
  return parseGeneralText(text, file);
}

/**
 * The general reader: any YAML 1.2 (JSON included) through the yaml library, bounded and checked.
 * parseDocumentText tries the plain fast path first; tests compare the two through this.
 */
export function parseGeneralText(text: string, file: string): unknown {
  if (text.length > DOCUMENT_MAX_BYTES) throw new ValidationError([tooLarge(file, text.length)]);
  const { LineCounter, visit } = yaml();
  const lineCounter = new LineCounter();
  const tokens = boundedTokens(text, file, lineCounter);
  // intAsBigInt: integer literals arrive exact, so the conversion below can tell safe from unsafe.
  const doc = composeOne(tokens, text.length);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): ValidationIssue => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      const message =
        error.code === 'RESOURCE_EXHAUSTION'
          ? `nests too deeply to read (at most ${DOCUMENT_MAX_DEPTH} levels)`
          : firstLine(error.message);
      return { file, path: '', message: `line ${line}, column ${col}: ${message}`, code: 'syntax' };
    });
    throw new ValidationError(issues);
  }
  // A float literal the double rounds to an integer it is not (`4503599627370496.5`) stays text.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.source !== undefined) node.value = literalValue(node.source, node.value);
    },
  });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ValidationError([aliasFailure(file, error)]);
  }
  return new PlainCopy(file).copy(raw);
}

/** Lexemes that start a value: scalars, aliases, flow collections, block sequence items. */
const VALUE_LEXEMES = new Set([
  'scalar',
  'single-quoted-scalar',
  'double-quoted-scalar',
  'block-scalar-header',
  'alias',
  'flow-map-start',
  'flow-seq-start',
  'seq-item-ind',
  'map-value-ind',
]);

/**
 * The YAML library's syntax tree of `text`, built iteratively, with nesting depth and written
 * values counted as it grows: a document past DOCUMENT_MAX_DEPTH or DOCUMENT_MAX_WRITTEN_VALUES is
 * refused there, at its line and column, before the recursive composer sees it.
 */
function boundedTokens(text: string, file: string, lineCounter: LineCounter): CST.Token[] {
  const { CST, Lexer, Parser } = yaml();
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let values = 0;
  const refuse = (message: string, code: string): never => {
    const { line, col } = lineCounter.linePos(parser.offset);
    throw new ValidationError([{ file, path: '', message: `line ${line}, column ${col}: ${message}`, code }]);
  };
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the document and each collection open at this point.
    if (parser.stack.length > DOCUMENT_MAX_DEPTH) refuse(`nests too deeply to read (at most ${DOCUMENT_MAX_DEPTH} levels)`, 'too_deep');
    const type = CST.tokenType(lexeme);
    if (type !== null && VALUE_LEXEMES.has(type) && ++values > DOCUMENT_MAX_WRITTEN_VALUES) {
      refuse(`holds more than ${DOCUMENT_MAX_WRITTEN_VALUES} values`, 'too_large');
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** The one document of `tokens` (a second one is an error, as yaml's parseDocument has it). */
function composeOne(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const { Composer, YAMLParseError } = yaml();
  // The library's own duplicate-key check compares each key with every earlier one of its map
  // (100 000 keys: minutes); duplicateKeys below does the same check in one pass.
  const composer = new Composer({ intAsBigInt: true, uniqueKeys: false });
  let doc: Document.Parsed | null = null;
  for (const next of composer.compose(tokens, true, length)) {
    if (doc === null) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  duplicateKeys(doc!);
  return doc!;
}

/**
 * A key equal to an earlier key of the same map, as the library's `uniqueKeys` defines it (two
 * scalars with the same value, or the same node), reported with its message at the later key.
 */
function duplicateKeys(doc: Document.Parsed): void {
  const { isNode, isScalar, visit, YAMLParseError } = yaml();
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        const id = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : key;
        if (seen.has(id)) {
          const at = isNode(key) && key.range !== undefined && key.range !== null ? key.range[0] : (map.range?.[0] ?? 0);
          doc.errors.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        seen.add(id);
      }
    },
  });
}

function readText(file: string): string | ValidationIssue {
  const bytes = readRegularFile(file, DOCUMENT_MAX_BYTES);
  if (!Buffer.isBuffer(bytes)) return bytes;
  return bytes.toString('utf8');
}

/**
 * The bytes of the regular file `file`, at most `maxBytes` of them. A FIFO, a device such as
 * /dev/urandom, a socket or a directory is refused without reading: opened non-blocking, so a
 * FIFO with no writer cannot hang the open, and checked before any read.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer | ValidationIssue {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return readFailure(file, err);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { file, path: '', message: 'is a directory, not a file', code: 'missing_file' };
    if (!stat.isFile()) return { file, path: '', message: `is ${specialKind(stat)}, not a regular file`, code: 'unreadable_file' };
    if (stat.size > maxBytes) return tooLarge(file, stat.size, maxBytes);
    // Read at most one byte past the limit: a file that grows while read is still bounded.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return tooLarge(file, length, maxBytes);
    return buffer.subarray(0, length);
  } catch (err) {
    return readFailure(file, err);
  } finally {
    closeSync(fd);
  }
}

function specialKind(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}

function tooLarge(file: string, size: number, maxBytes = DOCUMENT_MAX_BYTES): ValidationIssue {
  return {
    file,
    path: '',
    message: `is too large to read (${size > maxBytes ? `${size} bytes, ` : ''}at most ${maxBytes} bytes)`,
    code: 'too_large',
  };
}

/** A failed read as an issue naming the file (missing, a directory, unreadable). */
export function readFailure(file: string, err: unknown): ValidationIssue {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ENOENT') return { file, path: '', message: 'file not found', code: 'missing_file' };
  if (code === 'EISDIR') return { file, path: '', message: 'is a directory, not a file', code: 'missing_file' };
  const reason = err instanceof Error ? err.message : String(err);
  return { file, path: '', message: `cannot read file (${reason})`, code: 'unreadable_file' };
}

/** yaml throws from toJS for aliases it will not resolve: name the problem, not the library. */
function aliasFailure(file: string, error: unknown): ValidationIssue {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) {
    return {
      file,
      path: '',
      message: `aliases expand too far (an alias bomb?): at most ${MAX_ALIAS_COUNT} aliases, weighted by what they expand to`,
      code: 'alias',
    };
  }
  const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message);
  if (unresolved) {
    return { file, path: '', message: `alias *${quoteValue(unresolved[1] ?? '')} has no anchor before it`, code: 'alias' };
  }
  if (error instanceof RangeError) {
    return { file, path: '', message: `nests too deeply to read (at most ${DOCUMENT_MAX_DEPTH} levels)`, code: 'too_deep' };
  }
  throw error;
}

function firstLine(message: string): string {
  const cut = message.indexOf('\n');
  const line = cut < 0 ? message : message.slice(0, cut);
  // yaml appends its own " at line L, column C:"; ours is already in front.
  return quoteValue(line.replace(/ at line \d+, column \d+:?$/, ''));
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Copies what yaml built into plain data, refusing what no paysim document holds: a cycle (an alias
 * inside its own anchor), nesting beyond DOCUMENT_MAX_DEPTH, more than DOCUMENT_MAX_NODES values,
 * non-finite numbers and non-JSON values (binary, dates, sets). Bigints become numbers when safe,
 * else their exact decimal string.
 */
class PlainCopy {
  private readonly ancestors = new Set<object>();
  private nodes = 0;

  constructor(private readonly file: string) {}

  copy(value: unknown): unknown {
    return this.node(value, '', 0);
  }

  private fail(path: string, message: string, code: string): never {
    throw new ValidationError([{ file: this.file, path, message, code }]);
  }

  private node(value: unknown, path: string, depth: number): unknown {
    if (++this.nodes > DOCUMENT_MAX_NODES) {
      this.fail(path, `the document holds more than ${DOCUMENT_MAX_NODES} values once its aliases are expanded`, 'too_large');
    }
    switch (typeof value) {
      case 'bigint':
        return value <= SAFE_MAX && value >= -SAFE_MAX ? Number(value) : value.toString();
      case 'number':
        if (!Number.isFinite(value)) this.fail(path, `got ${String(value)} (expected a finite number)`, 'schema');
        return value;
      case 'string':
        if (hasLoneSurrogate(value)) this.fail(path, LONE_SURROGATE_MESSAGE, 'schema');
        return value;
      case 'boolean':
        return value;
      case 'object':
        break;
      default:
        return this.fail(path, `got a ${typeof value} (expected plain data)`, 'schema');
    }
    if (value === null) return null;
    if (depth >= DOCUMENT_MAX_DEPTH) this.fail(path, `nests more than ${DOCUMENT_MAX_DEPTH} levels`, 'too_deep');
    if (this.ancestors.has(value)) {
      this.fail(path, 'an alias refers to a node that contains it (a cycle); a document must be a tree', 'alias');
    }
    const isArray = Array.isArray(value);
    if (!isArray && Object.getPrototypeOf(value) !== Object.prototype) {
      this.fail(path, `got a ${value.constructor?.name ?? 'non-plain'} value (expected a mapping, a sequence or a scalar)`, 'schema');
    }
    this.ancestors.add(value);
    let out: unknown;
    if (isArray) {
      out = (value as unknown[]).map((item, i) => this.node(item, joinPath(path, i), depth + 1));
    } else {
      const record: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (hasLoneSurrogate(key)) this.fail(path, `a key ${LONE_SURROGATE_MESSAGE}`, 'schema');
        // defineProperty: a `__proto__` key stays an ordinary key instead of replacing the prototype.
        Object.defineProperty(record, key, {
          value: this.node(item, joinPath(path, key), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out = record;
    }
    this.ancestors.delete(value);
    return out;
  }
}
