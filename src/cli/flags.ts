// Parsing of flag values shared by several commands; a bad value is bad input (exit 2).

import { CliError } from './errors.js';

export function positiveInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new CliError(`${flag}: expected a positive integer, got '${text}'`);
  }
  return Number(text);
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
