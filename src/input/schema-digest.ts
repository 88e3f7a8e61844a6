// The digest a precompiled validator is keyed by: SHA-256 of its schema's JSON. A generated
// validator is used only while its digest is the schema's (test/config/validator-source.ts).
import { createHash } from 'node:crypto';

export function schemaDigest(schema: unknown): string {
  return createHash('sha256').update(JSON.stringify(schema), 'utf8').digest('hex');
}
