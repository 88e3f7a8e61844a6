import { describe, expect, it, vi } from 'vitest';
import { parseDocumentText, readDocumentFile } from '../../src/input/read.js';
import { parseStrictJson } from '../../src/input/json-text.js';
import { isIntegerLiteral } from '../../src/input/number-literal.js';
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

  it('keeps decimals a double would round to an integer as their text; exact ones stay numbers', () => {
    // 4503599627370496.5 is 2^52 + ½: the nearest double is 2^52 itself, so money would lose the ½
    // without a word. 100.000000000000001 is 100 + 10^-15, below a double's resolution at 100.
    expect(parseDocumentText('a: 4503599627370496.5\nb: 100.000000000000001\nc: 1000.0\nd: 1e3\ne: 2.5e-1\nf: 1.5e1\ng: 0.1', 'x.yaml')).toEqual({
      a: '4503599627370496.5',
      b: '100.000000000000001',
      c: 1000,
      d: 1000,
      e: 0.25,
      f: 15,
      g: 0.1,
    });
  });

  it('JSON text keeps the same numbers as their text, as the file reader does, and refuses 1e400', () => {
    expect(parseStrictJson('{"a": 4503599627370496.5, "b": [1, 9007199254740993, 1e3, 100.000000000000001], "c": -9007199254740993}')).toEqual({
      ok: true,
      value: { a: '4503599627370496.5', b: [1, '9007199254740993', 1000, '100.000000000000001'], c: '-9007199254740993' },
    });
    expect(parseStrictJson('9007199254740993')).toEqual({ ok: true, value: '9007199254740993' });
    expect(parseStrictJson('{"x": [1e400]}')).toMatchObject({ ok: false, path: 'x[0]' });
  });

  it('an integer literal is one whose decimal digits past the point are all zero', () => {
    for (const text of ['0', '-12', '1.0', '1.50e1', '12e0', '1e3', '0.0', '+7', '1200e-2', '5.'])
      expect(isIntegerLiteral(text), text).toBe(true);
    for (const text of ['0.5', '1.05e1', '1e-1', '4503599627370496.5', '1201e-2', 'abc', '', '.'])
      expect(isIntegerLiteral(text), text).toBe(false);
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
