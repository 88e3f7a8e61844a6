// Parsing of flag values shared by several commands; a bad value is bad input (exit 2).

import { CliError } from './errors.js';

export function positiveInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new CliError(`${flag}: expected a positive integer, got '${text}'`);
  }
  return Number(text);
}
