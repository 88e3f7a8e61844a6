// RFC 8785 canonical JSON of plain data, the same text as the `canonicalize` package gives (the
// config hash of every run is a digest of it, so not one byte may differ): keys sorted by UTF-16
// code units, numbers as ECMAScript prints them, strings as JSON.stringify escapes them. Written
// out here because the package's recursion costs ~0.1 s of CPU on the 200-bank scenario's config at
// a command's start (issue 22). Anything but plain data (toJSON objects, cycles) is left to the
// package, as are the values it refuses (NaN, infinities, lone surrogates), so it throws as before.

import canonicalize from 'canonicalize';

const LONE_SURROGATE_CANDIDATE = /[\ud800-\udfff]/;

class NotPlainData extends Error {}
const NOT_PLAIN_DATA = new NotPlainData();

/** The canonical JSON text of `value` (undefined for undefined, as the package). */
export function canonicalJson(value: unknown): string | undefined {
  try {
    return write(value, 0);
  } catch (error) {
    if (error !== NOT_PLAIN_DATA) throw error;
    return canonicalize(value);
  }
}

/** Deeper than any config: a cycle, left to the package to report. */
const MAX_DEPTH = 1000;

function write(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN_DATA;
      return String(value);
    case 'string':
      if (LONE_SURROGATE_CANDIDATE.test(value)) throw NOT_PLAIN_DATA;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw NOT_PLAIN_DATA;
  }
  if (value === null) return 'null';
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw NOT_PLAIN_DATA;
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) text += ',';
      text += item === undefined || typeof item === 'symbol' ? 'null' : write(item, depth + 1);
    }
    return text + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (LONE_SURROGATE_CANDIDATE.test(key)) throw NOT_PLAIN_DATA;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${write(item, depth + 1)}`;
    first = false;
  }
  return text + '}';
}
