// The precompiled scenario validator (src/config/scenario-validator.generated.ts) is the schema's
// own: regenerating it gives the committed file byte for byte, and scenario.ts takes it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchemaDigest } from '../../src/config/scenario.js';
import { SCHEMA_SHA256 } from '../../src/config/scenario-validator.generated.js';
import { GENERATED_VALIDATOR, scenarioValidatorSource } from './validator-source.js';

describe('precompiled scenario validator', () => {
  it('is up to date with the scenario schema (else: npx tsx test/config/record-validator.ts)', () => {
    expect(SCHEMA_SHA256).toBe(scenarioSchemaDigest());
    expect(readFileSync(GENERATED_VALIDATOR, 'utf8') === scenarioValidatorSource()).toBe(true);
  });
});
