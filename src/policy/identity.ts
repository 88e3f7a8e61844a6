// Identity of a policy (policy-dsl.md §1): the effective document (merged parameters, no
// `$schema`) and the SHA-256 of its RFC 8785 canonical JSON, which names it in results.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The document with `parameters` replaced by the merged ones and the editor hint dropped. */
export function effectiveDocument(
  doc: Readonly<Record<string, unknown>>,
  parameters: Readonly<Record<string, number>>,
): Record<string, unknown> {
  const effective: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key !== '$schema') effective[key] = value;
  }
  effective['parameters'] = { ...parameters };
  return effective;
}

export function policyHash(effective: unknown): string {
  const text = canonicalize(effective);
  if (text === undefined) throw new TypeError('a policy document must be JSON');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
