// canonicalJson gives the `canonicalize` package's text byte for byte (config hashes must not
// move): on every shipped scenario's resolved config and on generated values.
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/config/scenario.js';
import { canonicalJson } from '../../src/input/canonical-json.js';

describe('canonicalJson', () => {
  it('is the canonicalize package’s text on every shipped scenario’s config', async () => {
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const { config } = await loadScenario(`scenarios/${file}`);
      // A payment file's columns are hashed by their digest (configHash), never canonicalised.
      if (config.scheduled_payments !== undefined) continue;
      expect(canonicalJson({ config }), file).toBe(canonicalize({ config }));
    }
  });

  it('is the package’s text on generated JSON values, odd keys and numbers included', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'a', 'B', 'é', '\u0000', '10', '2', '€', '\ud83d\ude00'));
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(-0)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }), { numRuns: 500, seed: 22 });
  });

  it('throws where the package throws', () => {
    for (const bad of [NaN, Infinity, { a: -Infinity }, ['\ud800'], { '\udc00': 1 }]) {
      expect(() => canonicalJson(bad)).toThrow();
      expect(() => canonicalize(bad)).toThrow();
    }
  });
});
