// A stored params_json is read one way everywhere (store/params.ts): the empty point for '' and
// NULL, an error for anything that is not a JSON object (a damaged store is said, not hidden).
import { describe, expect, it } from 'vitest';
import { parseParamsJson } from '../../src/store/params.js';

describe('parseParamsJson', () => {
  it('reads a grid point; empty and NULL are the empty point', () => {
    expect(parseParamsJson('{"agents[*].credit_limit":2,"lsm_config.enabled":true}')).toEqual({ 'agents[*].credit_limit': 2, 'lsm_config.enabled': true });
    expect(parseParamsJson('{}')).toEqual({});
    expect(parseParamsJson('')).toEqual({});
    expect(parseParamsJson(null)).toEqual({});
  });

  it('refuses what is not a JSON object', () => {
    expect(() => parseParamsJson('[1]')).toThrow('params_json is not a JSON object: [1]');
    expect(() => parseParamsJson('{oops')).toThrow('params_json is not JSON: {oops');
  });
});
