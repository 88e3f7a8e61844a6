// Parsing of flag values shared by several commands; a bad value is bad input (exit 2).

import { CliError } from './errors.js';

/**
 * An integer written in decimal digits, from `min` to `max` (at most the largest exact integer);
 * anything else is bad input, named as `expected` says.
 */
export function integerFlag(flag: string, text: string, expected: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) throw new CliError(`${flag}: expected ${expected}, got '${text}'`);
  return n;
}

export function positiveInteger(flag: string, text: string): number {
  return integerFlag(flag, text, 'a positive integer', 1);
}

/** A decimal number that `accepts` takes (empty text, NaN and infinities never); anything else is bad input. */
export function numberFlag(flag: string, text: string, expected: string, accepts: (x: number) => boolean): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !accepts(x)) throw new CliError(`${flag}: expected ${expected}, got '${text}'`);
  return x;
}

/** A share 0 < x ≤ 1, or 0 ≤ x ≤ 1 where zero is allowed (`paysim liquidity`'s α, step and resolution). */
export function unitFraction(flag: string, text: string, zeroOk: boolean): number {
  return numberFlag(flag, text, `a number ${zeroOk ? '0 ≤' : '0 <'} x ≤ 1`, (x) => x <= 1 && (zeroOk ? x >= 0 : x > 0));
}

/** A u64 RNG seed given as decimal digits, normalised (no leading zeros). */
export function seedValue(text: string, flag = '--seed'): string {
  if (!/^\d+$/.test(text) || BigInt(text) >= 2n ** 64n) {
    throw new CliError(`${flag}: expected an integer 0 ≤ n < 2^64, got '${text}'`);
  }
  return BigInt(text).toString();
}

/** `--seed` and `--days` as scenario overrides (commands that run a scenario share them). */
export function scenarioOverrides(flags: { seed?: string; days?: string }): { seed?: string; days?: number } {
  const overrides: { seed?: string; days?: number } = {};
  if (flags.seed !== undefined) overrides.seed = seedValue(flags.seed);
  if (flags.days !== undefined) overrides.days = positiveInteger('--days', flags.days);
  return overrides;
}
