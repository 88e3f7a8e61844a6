// Query tables rounded for reading (issue 26: `paysim query liquidity-by-agent` printed
// 13387466.333333334 and interval bounds with 17 digits); `paysim sql`, JSON and CSV keep every digit.
import { describe, expect, it } from 'vitest';
import { formatResult } from '../../src/cli/result-format.js';

const result = {
  columns: ['agent', 'runs', 'liquidity_used_mean', 'rate', 'ci_low', 'tiny'],
  rows: [['BANK_A', 3, 13387466.333333334, 0.912345678, -83602.45000000001, 0.000012345]],
};

describe('query result tables', () => {
  it('reading: means of cents to the hundredth, rates to 4 decimals, integers exactly', () => {
    expect(formatResult(result, 'table', 'reading').split('\n')[2]).toBe(
      'BANK_A     3          13387466.33  0.9123  -83602.45  0.000012345',
    );
  });

  it('exact (paysim sql), JSON and CSV: every digit', () => {
    expect(formatResult(result, 'table').split('\n')[2]).toContain('13387466.333333334');
    expect(formatResult(result, 'csv', 'reading')).toContain('13387466.333333334');
    expect(formatResult(result, 'json', 'reading')).toContain('13387466.333333334');
  });
});
