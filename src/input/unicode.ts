// Half of a UTF-16 surrogate pair without its other half. YAML and JSON escapes can write one
// (`"\ud800"`), but it is not text: it cannot be written as UTF-8, so DuckDB, Arrow and JSON output
// would refuse it later, far from the document that held it. Readers refuse it at its path.

import { joinPath } from './issues.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const LONE_SURROGATE_MESSAGE = 'contains a lone surrogate (an escape such as \\ud800 that is not valid Unicode text)';

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The path of the first string or key in `value` that holds a lone surrogate, or null. */
export function loneSurrogatePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogatePath(value[i], joinPath(path, i));
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (hasLoneSurrogate(key)) return path;
    const found = loneSurrogatePath(item, joinPath(path, key));
    if (found !== null) return found;
  }
  return null;
}
