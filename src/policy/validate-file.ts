// `paysim validate FILE` for a policy file: read it, then report every problem with its path.

import type { ValidationIssue } from '../input/issues.js';
import { readPolicyFile } from './load-file.js';
import { isObject } from './schema-check.js';
import { validatePolicyDocument } from './validate.js';

export function validatePolicyFile(file: string): ValidationIssue[] {
  const read = readPolicyFile(file);
  if (!read.ok) return read.issues;
  return validatePolicyDocument(read.value, file);
}

/** Whether a parsed document is meant as a policy (so a CLI can pick the right validator). */
export function looksLikePolicyDocument(doc: unknown): boolean {
  return isObject(doc) && ('policy_id' in doc || 'payment_tree' in doc);
}
