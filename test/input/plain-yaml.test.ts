// The plain-YAML fast path (src/input/plain-yaml.ts) against the general reader: on every YAML
// file of the repository and on hand-picked and generated documents, the fast path either
// declines (undefined) or returns exactly what the general reader returns — same values, same
// key order, numbers and exact-integer text alike. Documents the general reader refuses must be
// declined.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainYaml } from '../../src/input/plain-yaml.js';
import { DOCUMENT_MAX_WRITTEN_VALUES, parseDocumentText, parseGeneralText } from '../../src/input/read.js';
import { ValidationError } from '../../src/input/issues.js';

function general(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseGeneralText(text, 'doc.yaml') };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false };
    throw error;
  }
}

/** The fast path's answer, checked against the general reader's; true when it took the text. */
function agrees(text: string): boolean {
  const fast = readPlainYaml(text, DOCUMENT_MAX_WRITTEN_VALUES);
  if (fast === undefined) return false;
  const slow = general(text);
  expect(slow.ok, `the general reader refuses what the fast path read:\n${text}`).toBe(true);
  if (!slow.ok) return true;
  expect(fast).toStrictEqual(slow.value);
  // Key order and -0 against 0 are part of "the same document".
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow.value));
  return true;
}

describe('plain YAML fast path', () => {
  it('reads every YAML file of the repository as the general reader does (and most of them itself)', () => {
    const files = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { encoding: 'utf8' }).trim().split('\n');
    const taken = files.filter((file) => agrees(readFileSync(file, 'utf8')));
    // The shipped scenarios, the 200-bank one above all, are what the fast path is for.
    expect(taken).toContain('scenarios/large_scale_200_agents.yaml');
    expect(taken).toContain('scenarios/generated/national_5000.yaml');
    expect(taken).toContain('scenarios/minimal.yaml');
  });

  it('resolves scalars as the core schema does, numbers as the reader keeps them', () => {
    const text = [
      'a: 1', 'b: -0', 'c: +7', 'd: 007', 'e: 9007199254740993', 'f: -9007199254740993', 'g: 1.50', 'h: 1e3',
      'i: 4503599627370496.5', 'j: 100.000000000000001', 'k: .5', 'l: 1.', 'm: ~', 'n: null', 'o: NULL', 'p: True',
      'q: FALSE', 'r: yes', 's: on', 't: 2024-01-01', 'u: a b  c', "v: 'it''s'", 'w: "x # y"', 'x: a#b', 'y: z # comment',
      'z: http://host:80/path', 'aa:', 'ab: [1, 2.5, x y, true]', 'ac: {}', 'ad: []', 'ae: {k: {l: [1, [2]]}, m: n}', 'af: -x',
      'ag: Infinity', 'ah: 0.1e-2', 'ai: "é ü"', 'aj: a, b', 'ak: 12_000', 'al: nbsp\u00a0', 'am: x\u3000 ', 'an: \u00a0lead',
    ].join('\n');
    expect(agrees(text)).toBe(true);
  });

  it('reads nesting as YAML does: sequences at a key\'s column, mappings opening on an item line, nulls', () => {
    const text = [
      '# heading', 'top:', '- id: A', '  list:', '  - 1', '  -', '    x: 2', '  empty:', '- - ignored'.slice(0, 0) + '- 3', 'other:', '  deep:',
      '    deeper:', '      k: v   # trailing', '', '  after: 1', 'seq:', '  - a', '  -', '  - [1, 2]', 'last: end',
    ].join('\n');
    expect(agrees(text)).toBe(true);
  });

  it('declines what it does not read, leaving it to the general reader (which may refuse it)', () => {
    for (const text of [
      'a: &x 1\nb: *x', 'a: !!str 1', 'a: |\n  text', 'a: >\n  text', 'a: b\n  c', 'a: 1\na: 2', '? a\n: b', '"a": 1', 'a: "\\n"',
      'a:\tb', 'a: 1\r\nb: 2', '---\na: 1', 'a: 1\n...', '%YAML 1.2\n---\na: 1', 'a: .inf', 'a: .nan', 'a: 1e400', 'a: 0x1F', 'a: 0o17',
      '__proto__: 1', 'null: 1', 'true: 1', '1: a', 'a: b: c', 'a: b:', 'a: [1,]', 'a: {b: 1, b: 2}', 'a: {b: "q"}', '- - a',
      'a:\n- 1\n b: 2', 'plain', '', '# only a comment', 'a: @x', 'a: `x`', 'a: "open', "a: 'open", 'a: "x"y', 'a: [1, 2] x',
      '\ufeffa: 1', 'a: \u0007', 'a:\n  - 1\n  b: 2',
    ]) {
      expect(readPlainYaml(text, DOCUMENT_MAX_WRITTEN_VALUES), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('declines a document writing more values than the reader takes, so the reader refuses it', () => {
    const text = Array.from({ length: 400 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(readPlainYaml(text, 1_000)).toBeUndefined();
    expect(readPlainYaml(text, 10_000)).toBeDefined();
  });

  it('parseDocumentText gives the same documents and the same refusals through either path', () => {
    expect(parseDocumentText('a: [1, 2]\nb: {c: 9007199254740993}', 'x.yaml')).toEqual({ a: [1, 2], b: { c: '9007199254740993' } });
    expect(() => parseDocumentText('a: 1\na: 2', 'x.yaml')).toThrow(/keys must be unique/);
  });

  it('agrees with the general reader on generated block documents', () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);
    const scalar = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.constantFrom('~', 'null', 'true', 'False', '', "'q''s'", '"dq"', 'x y', 'a#b', 'v # c', '[1, 2]', '{a: 1}', '-1', '1e5', '9007199254740993', '0.1'),
      fc.stringMatching(/^[a-z][a-z :#,.\-]{0,8}$/),
    );
    const lines = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean(), key, scalar), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(lines, (entries) => {
        // Indentation, items and keys mixed at random: many documents are invalid YAML, which the
        // fast path must decline and the general reader refuse.
        const text = entries.map(([indent, item, k, v]) => `${'  '.repeat(indent)}${item ? '- ' : ''}${k}:${v === '' ? '' : ` ${v}`}`).join('\n');
        if (readPlainYaml(text, DOCUMENT_MAX_WRITTEN_VALUES) !== undefined) agrees(text);
      }),
      { numRuns: 400, seed: 22 },
    );
  });
});
