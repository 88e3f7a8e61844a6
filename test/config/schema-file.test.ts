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

  it('does not know the liquidity-game keys of engine.md §9b yet', () => {
    expect(Object.keys(scenarioSchema.properties)).not.toContain('deferred_crediting');
    const agents = scenarioSchema.properties.agents.items as unknown as { properties: Record<string, unknown> };
    expect(Object.keys(agents.properties)).not.toContain('liquidity_pool');
  });
});
