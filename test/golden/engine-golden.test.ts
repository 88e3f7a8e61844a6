// Every shipped scenario gives byte-identical results to the recorded ones (issue 22: speed work
// must not change a single cent, tick or event). The hashes in test/fixtures/golden/engine.json
// were recorded from main at 1aa21fa. When a change is MEANT to change results (a scenario's
// parameters, a policy rule, an engine rule), regenerate them with
//   npx tsx test/golden/record.ts            (add --national for the 5 000-bank day, ~1 min)
// and say why in the commit message. Which cases run, and which run only a prefix of their
// ticks to keep the suite cheap, is listed in ./engine-golden.ts.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseKey, GOLDEN_CASES, GOLDEN_FILE, goldenHashes, type GoldenHashes } from './engine-golden.js';

const recorded = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, GoldenHashes>;

describe('golden results of the shipped scenarios', () => {
  for (const c of GOLDEN_CASES) {
    const key = caseKey(c);
    it(key, async () => {
      expect(recorded[key], `no recorded hashes for ${key}: run npx tsx test/golden/record.ts`).toBeDefined();
      expect(await goldenHashes(c)).toEqual(recorded[key]);
    });
  }
});
