// Parsing of flag values shared by several commands; a bad value is bad input (exit 2).

import { Option } from 'commander';
import { availableParallelism } from 'node:os';
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

/**
 * Worker threads for a command that runs a pool: `--workers N`, else $PAYSIM_WORKERS, else the
 * cores this process may really use (node:os availableParallelism). The variable lets a machine shared with other jobs (or a test suite
 * that already keeps every core busy) set a smaller default once.
 */
export function workersFlag(text: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (text !== undefined) return positiveInteger('--workers', text);
  const fromEnv = env['PAYSIM_WORKERS'];
  return fromEnv === undefined || fromEnv === '' ? Math.max(1, availableParallelism()) : positiveInteger('PAYSIM_WORKERS', fromEnv);
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

/** `--seeds`: seeds and ranges, e.g. 1,2,3 or 1-10 (at most 10 000 in a range, none twice). */
export function seedsFlag(text: string): string[] {
  const seeds: string[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range === null) {
      seeds.push(seedValue(part, '--seeds'));
      continue;
    }
    const from = BigInt(seedValue(range[1]!, '--seeds'));
    const to = BigInt(seedValue(range[2]!, '--seeds'));
    if (to < from || to - from >= 10_000n) throw new CliError(`--seeds: expected a range a-b with a ≤ b and at most 10 000 seeds, got '${part}'`);
    for (let s = from; s <= to; s++) seeds.push(s.toString());
  }
  if (new Set(seeds).size !== seeds.length) throw new CliError(`--seeds: seeds repeat in '${text}'`);
  return seeds;
}

/** `--db FILE`: the results store, one option for every command that reads or writes it. */
export function dbOption(): Option {
  return new Option('--db <file>', 'results store (default results/paysim.duckdb or $PAYSIM_DB)');
}
