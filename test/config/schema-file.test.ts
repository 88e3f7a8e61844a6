import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../../src/config/scenario.js';
import { scenarioSchemaText } from '../../src/config/schema-file.js';

describe('schemas/scenario.schema.json', () => {
  it('equals the in-code schema (regenerate: see src/config/schema-file.ts)', () => {
    expect(readFileSync('schemas/scenario.schema.json', 'utf8')).toBe(scenarioSchemaText());
    expect(JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'))).toEqual(scenarioSchema);
  });

  it('is a strict draft 2020-12 schema with an id, a title and descriptions', () => {
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, discriminator: true });
    expect(() => ajv.compile(scenarioSchema)).not.toThrow();
    expect(scenarioSchema.$id).toBe('urn:paysim:schema:scenario');
    expect(scenarioSchema.title).toBeTruthy();
    const top: Record<string, { description?: string }> = scenarioSchema.properties;
    for (const [key, node] of Object.entries(top)) {
      expect(node.description, key).toBeTruthy();
    }
  });

  it('knows the settlement-design and liquidity-game keys (engine.md §9b), each described', () => {
    const top: Record<string, { description?: string }> = scenarioSchema.properties;
    for (const key of ['rtgs', 'deferred_crediting', 'deadline_cap_at_eod', 'eod_backstop']) expect(top[key]?.description, key).toBeTruthy();
    const agents = scenarioSchema.properties.agents.items as unknown as { properties: Record<string, { description?: string }> };
    for (const key of ['liquidity_pool', 'initial_liquidity_fraction', 'bilateral_limits', 'multilateral_limit']) {
      expect(agents.properties[key]?.description, key).toBeTruthy();
    }
  });
});
