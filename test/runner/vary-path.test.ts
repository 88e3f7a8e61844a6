// runner.md §2: vary paths — key paths, [*], [ID], [N] — applied to the raw scenario document.
import { describe, expect, it } from 'vitest';
import { applyVaryPath, parseVaryPath, scaled, type PathSegment } from '../../src/runner/vary-path.js';

function segments(path: string): PathSegment[] {
  const parsed = parseVaryPath(path);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const doc = (): Record<string, unknown> => ({
  simulation: { ticks_per_day: 10 },
  agents: [
    { id: 'BANK_A', credit_limit: 1001 },
    { id: 'BANK_B', credit_limit: 500 },
  ],
});

describe('parsing', () => {
  it('splits keys and selectors', () => {
    expect(segments('agents[*].credit_limit')).toEqual([
      { key: 'agents', selectors: [{ kind: 'all' }] },
      { key: 'credit_limit', selectors: [] },
    ]);
    expect(segments('agents[BANK_A].policy')[0]!.selectors).toEqual([{ kind: 'id', id: 'BANK_A' }]);
    expect(segments('agents[1].x')[0]!.selectors).toEqual([{ kind: 'index', index: 1 }]);
  });
  it('rejects what is not a path, saying what a path looks like', () => {
    expect(parseVaryPath('agents..x')).toMatch(/'' is not a path segment .*e\.g\. lsm_config\.enabled/);
    expect(parseVaryPath('bad path!')).toMatch(/not a path segment/);
    expect(parseVaryPath('')).toMatch(/empty path/);
  });
});

describe('applying', () => {
  it('sets a key, creating missing mappings (a default the scenario leaves out)', () => {
    const d = doc();
    expect(applyVaryPath(d, segments('lsm_config.enabled'), { kind: 'set', value: false })).toEqual({ ok: true, touched: ['lsm_config.enabled'] });
    expect(d['lsm_config']).toEqual({ enabled: false });
  });
  it('[*] sets every item, [ID] the item with that id', () => {
    const d = doc();
    expect(applyVaryPath(d, segments('agents[*].credit_limit'), { kind: 'set', value: 7 })).toMatchObject({
      touched: ['agents[0].credit_limit', 'agents[1].credit_limit'],
    });
    applyVaryPath(d, segments('agents[BANK_B].credit_limit'), { kind: 'set', value: 9 });
    expect((d['agents'] as Array<{ credit_limit: number }>).map((a) => a.credit_limit)).toEqual([7, 9]);
  });
  it('scale multiplies; integers (cents) round half away from zero: 1001 × 0.5 = 500.5 → 501', () => {
    const d = doc();
    applyVaryPath(d, segments('agents[*].credit_limit'), { kind: 'scale', factor: 0.5 });
    expect((d['agents'] as Array<{ credit_limit: number }>).map((a) => a.credit_limit)).toEqual([501, 250]);
    expect(scaled(-3, 0.5)).toBe(-2);
    expect(scaled(0.3, 2)).toBeCloseTo(0.6, 12);
  });
  it('says why a path selects nothing', () => {
    expect(applyVaryPath(doc(), segments('agents[BANK_X].credit_limit'), { kind: 'set', value: 1 })).toEqual({
      ok: false,
      message: "no item of agents has id 'BANK_X' (ids: BANK_A, BANK_B)",
    });
    expect(applyVaryPath(doc(), segments('agents[5].credit_limit'), { kind: 'set', value: 1 })).toMatchObject({ ok: false, message: expect.stringMatching(/has 2 item/) });
    expect(applyVaryPath(doc(), segments('simulation[*].x'), { kind: 'set', value: 1 })).toMatchObject({ ok: false, message: expect.stringMatching(/simulation is not a list/) });
    expect(applyVaryPath(doc(), segments('agents[*].opening_balance'), { kind: 'scale', factor: 2 })).toMatchObject({
      ok: false,
      message: 'agents[0].opening_balance is not set in the scenario, so there is nothing to scale',
    });
  });
});

describe('object internals are not paths', () => {
  it('__proto__, constructor and prototype are refused, and Object.prototype stays untouched', () => {
    for (const path of ['__proto__.polluted', 'agents[0].__proto__.polluted', 'constructor.prototype.polluted', 'simulation.prototype']) {
      expect(parseVaryPath(path)).toMatch(/is not a scenario key \(a vary path may not reach into JavaScript object internals\)/);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('an inherited name is set as plain data on the document, never on a prototype', () => {
    const d = doc();
    expect(applyVaryPath(d, segments('toString.x'), { kind: 'set', value: 1 })).toEqual({ ok: true, touched: ['toString.x'] });
    expect(Object.getOwnPropertyDescriptor(d, 'toString')?.value).toEqual({ x: 1 });
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });
});
