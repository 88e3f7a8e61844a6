// Property tests: any one stray key is exactly one issue at its path; key order never matters.

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseScenarioDocument } from '../../src/config/scenario.js';
import { baseDoc, issueLines } from './helpers.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

/** Places in baseDoc() that are closed mappings, with the path prefix used in messages. */
const PLACES: Array<[string, (doc: ReturnType<typeof baseDoc>) => Record<string, unknown>]> = [
  ['', (d) => d],
  ['simulation', (d) => d['simulation'] as Record<string, unknown>],
  ['agents[0]', (d) => d.agents[0]!],
  ['agents[1]', (d) => d.agents[1]!],
  ['agents[0].arrival_config', (d) => d.agents[0]!['arrival_config'] as Record<string, unknown>],
  ['agents[0].arrival_config.amount_distribution', (d) => (d.agents[0]!['arrival_config'] as Record<string, Record<string, unknown>>)['amount_distribution']!],
];

const strayKey = fc.stringMatching(/^[a-z][a-z_]{0,11}x$/); // ends in x: never a real key

describe('properties', () => {
  it('one unknown key anywhere gives exactly one unknown-key line at its path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLACES), strayKey, ([prefix, at], key) => {
        const doc = baseDoc();
        at(doc)[key] = 1;
        const lines = issueLines(doc);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^test\\.yaml: ${(prefix === '' ? key : `${prefix}.${key}`).replace(/[.[\]]/g, '\\$&')}: unknown key \\(expected one of `));
      }),
      { numRuns: 60 },
    );
  });

  it('the config hash does not depend on key order', () => {
    const reverse = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reverse);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)]));
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000 }), (seed, credit) => {
        const doc = baseDoc();
        doc['simulation'] = { ticks_per_day: 10, num_days: 2, rng_seed: seed };
        doc.agents[1]!['credit_limit'] = credit;
        const ctx = { file: 'test.yaml', baseDir: null };
        expect(parseScenarioDocument(reverse(doc), ctx).configHash).toBe(parseScenarioDocument(doc, ctx).configHash);
      }),
      { numRuns: 30 },
    );
  });
});
