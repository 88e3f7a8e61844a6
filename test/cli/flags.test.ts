// The shared flag parsers: one rule for integers and one for numbers, each command naming what it
// expects. A bad value is bad input (CliError: exit 2) whose message names the flag and the text.
import { describe, expect, it } from 'vitest';
import { alphaFlag, bootstrapFlags, confidenceFlag, revisionFlag } from '../../src/cli/analysis-flags.js';
import { CliError } from '../../src/cli/errors.js';
import { integerFlag, numberFlag, positiveInteger, unitFraction } from '../../src/cli/flags.js';

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  return 'accepted';
}

describe('integer flags', () => {
  it('decimal digits within the range, nothing else', () => {
    expect(integerFlag('--n', '0', 'an integer ≥ 0', 0)).toBe(0);
    expect(integerFlag('--n', '007', 'an integer ≥ 0', 0)).toBe(7);
    for (const bad of ['', '-1', '1.0', '1e3', ' 3', '0x10', '9007199254740992']) {
      expect(refusal(() => integerFlag('--n', bad, 'an integer ≥ 0', 0))).toBe(`--n: expected an integer ≥ 0, got '${bad}'`);
    }
    expect(refusal(() => integerFlag('--n', '11', 'an integer from 1 to 10', 1, 10))).toBe("--n: expected an integer from 1 to 10, got '11'");
  });

  it('--revision, --resamples, --workers and --bootstrap-seed share it', () => {
    expect(revisionFlag('2')).toBe(2);
    expect(revisionFlag(undefined)).toBeUndefined();
    expect(refusal(() => revisionFlag('0'))).toBe("--revision: expected a revision number 1, 2, …, got '0'");
    expect(refusal(() => revisionFlag('1.5'))).toBe("--revision: expected a revision number 1, 2, …, got '1.5'");
    expect(refusal(() => positiveInteger('--workers', '0'))).toBe("--workers: expected a positive integer, got '0'");
    expect(refusal(() => bootstrapFlags({ resamples: '0' }))).toMatch(/^--resamples: expected an integer from 1 to \d+, got '0'$/);
    expect(refusal(() => bootstrapFlags({ bootstrapSeed: '18446744073709551616' }))).toBe(
      "--bootstrap-seed: expected an integer 0 ≤ n < 2^64, got '18446744073709551616'",
    );
    expect(bootstrapFlags({ resamples: '500', bootstrapSeed: '18446744073709551615' })).toEqual({ resamples: 500, seed: '18446744073709551615' });
  });
});

describe('number flags', () => {
  it('finite decimals that the command accepts', () => {
    expect(numberFlag('--x', '2.5', 'a number 0..10', (x) => x >= 0 && x <= 10)).toBe(2.5);
    for (const bad of ['', ' ', 'NaN', 'Infinity', '11', 'abc']) {
      expect(refusal(() => numberFlag('--x', bad, 'a number 0..10', (x) => x >= 0 && x <= 10))).toBe(`--x: expected a number 0..10, got '${bad}'`);
    }
  });

  it('unit fractions (liquidity), --confidence and --alpha', () => {
    expect(unitFraction('--alphas', '0', true)).toBe(0);
    expect(refusal(() => unitFraction('--step', '0', false))).toBe("--step: expected a number 0 < x ≤ 1, got '0'");
    expect(refusal(() => unitFraction('--alphas', '1.5', true))).toBe("--alphas: expected a number 0 ≤ x ≤ 1, got '1.5'");
    expect(confidenceFlag('0.9')).toBe(0.9);
    expect(confidenceFlag(undefined)).toBe(0.95);
    expect(refusal(() => confidenceFlag('1'))).toBe("--confidence: expected a number between 0 and 1, got '1'");
    expect(refusal(() => alphaFlag(''))).toBe("--alpha: expected a number between 0 and 1, got ''");
  });
});
