import { describe, expect, it, vi } from 'vitest';
import { parseDocumentText, readDocumentFile } from '../../src/input/read.js';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { thrownLines } from './helpers.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

describe('readDocumentFile', () => {
  it('reads JSON (tab-indented) as well as YAML', () => {
    const doc = readDocumentFile('test/fixtures/scenarios/big-seed.json') as { agents: unknown[] };
    expect(doc.agents).toHaveLength(2);
  });

  it('keeps integer literals beyond 2^53 exact, as digit strings', () => {
    expect(parseDocumentText('a: 18446744073709551615\nb: -9007199254740993\nc: 9007199254740991\nd: 1.5', 'x.yaml')).toEqual({
      a: '18446744073709551615',
      b: '-9007199254740993',
      c: 9_007_199_254_740_991,
      d: 1.5,
    });
  });

  it('rejects duplicate keys with their line and column', () => {
    expect(thrownLines(() => parseDocumentText('a: 1\nb:\n  c: 1\n  c: 2\n', 'dup.yaml'))).toEqual([
      'dup.yaml: line 4, column 3: Map keys must be unique',
    ]);
  });

  it('keeps a __proto__ key as data', () => {
    const doc = parseDocumentText('__proto__: {polluted: 1}\n', 'x.yaml') as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a directory is not a file', () => {
    expect(thrownLines(() => readDocumentFile('test/fixtures/scenarios'))).toEqual(['test/fixtures/scenarios: is a directory, not a file']);
  });
});

describe('rng_seed', () => {
  it('a 64-bit seed written as a JSON integer keeps every digit', () => {
    const { config } = loadScenarioFile('test/fixtures/scenarios/big-seed.json');
    expect(config.simulation.rng_seed).toBe('18446744073709551615');
  });

  it('an empty file is not a scenario', () => {
    expect(thrownLines(() => loadScenarioFile('test/fixtures/scenarios/empty.yaml'))).toEqual([
      'test/fixtures/scenarios/empty.yaml: got nothing (null) (expected a mapping)',
    ]);
  });
});
