// The precompiled validators (scenario and policy spec) are their schemas' own: regenerating them
// gives the committed files byte for byte, and their users take them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchemaDigest } from '../../src/config/scenario.js';
import { SCHEMA_SHA256 } from '../../src/config/scenario-validator.generated.js';
import { SCHEMA_SHA256 as SPEC_SCHEMA_SHA256 } from '../../src/policy/spec-validator.generated.js';
import { schemaDigest } from '../../src/input/schema-digest.js';
import { buildPolicySpecSchema } from '../../src/policy/spec-schema.js';
import { GENERATED_VALIDATORS } from './validator-source.js';

describe('precompiled validators', () => {
  it('are up to date with their schemas (else: npx tsx test/config/record-validator.ts)', () => {
    expect(SCHEMA_SHA256).toBe(scenarioSchemaDigest());
    expect(SPEC_SCHEMA_SHA256).toBe(schemaDigest(buildPolicySpecSchema()));
    for (const { file, source } of GENERATED_VALIDATORS) expect(readFileSync(file, 'utf8') === source(), file).toBe(true);
  });
});
