// Reads a policy file through the one document reader (src/input/read.ts): the same limits,
// duplicate-key, alias and cycle checks as scenarios and experiments. A relative `file:` path is
// relative to the folder of the document that names it; an absolute one stands as written.

import { isAbsolute, join } from 'node:path';
import { readDocument, type DocumentRead } from '../input/read.js';

/** Where a `file:` named in a document in `baseDir` lives. */
export function policyFilePath(baseDir: string, given: string): string {
  return isAbsolute(given) ? given : join(baseDir, given);
}

export function readPolicyFile(file: string): DocumentRead {
  return readDocument(file);
}
