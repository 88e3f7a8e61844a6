// Reads a policy file through the one document reader (src/input/read.ts): the same limits,
// duplicate-key, alias and cycle checks as scenarios and experiments. A relative `file:` path is
// relative to the folder of the document that names it; an absolute one stands as written.

import { isAbsolute, join } from 'node:path';
import { readDocument, type DocumentRead } from '../input/read.js';

/** Where a `file:` named in a document in `baseDir` lives. */
export function policyFilePath(baseDir: string, given: string): string {
  return isAbsolute(given) ? given : join(baseDir, given);
}

/**
 * The policy document in `file`. A file that is not one at all (no `policy_id`, `payment_tree` or
 * `version` at its top) is refused in one line that shows none of its contents: a `file:` pointing
 * at any readable file (a key file, /etc/shadow) must not echo its lines into error messages.
 */
export function readPolicyFile(file: string): DocumentRead {
  const read = readDocument(file);
  if (!read.ok || looksLikePolicy(read.value)) return read;
  return {
    ok: false,
    issues: [{ file, path: '', code: 'not_policy', message: 'not a policy document: expected a mapping with version, policy_id and payment_tree (docs/policies.md); its contents are not shown' }],
  };
}

function looksLikePolicy(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && ['policy_id', 'payment_tree', 'version'].some((k) => k in doc);
}
