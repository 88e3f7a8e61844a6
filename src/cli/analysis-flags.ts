// Flags shared by compare, replay and report: interval coverage, bootstrap settings, guards.

import { BOOTSTRAP_RESAMPLES_DEFAULT, BOOTSTRAP_RESAMPLES_MAX, BOOTSTRAP_SEED_DEFAULT, type BootstrapSettings } from '../analysis/bootstrap.js';
import { CliError } from './errors.js';
import { integerFlag, numberFlag, seedValue } from './flags.js';

export interface StatsFlags {
  confidence?: string;
  bootstrapSeed?: string;
  resamples?: string;
}

const betweenZeroAndOne = (x: number): boolean => x > 0 && x < 1;

export function confidenceFlag(text: string | undefined): number {
  return text === undefined ? 0.95 : numberFlag('--confidence', text, 'a number between 0 and 1', betweenZeroAndOne);
}

export function bootstrapFlags(flags: StatsFlags): BootstrapSettings {
  const resamples =
    flags.resamples === undefined
      ? BOOTSTRAP_RESAMPLES_DEFAULT
      : integerFlag('--resamples', flags.resamples, `an integer from 1 to ${BOOTSTRAP_RESAMPLES_MAX}`, 1, BOOTSTRAP_RESAMPLES_MAX);
  const seed = flags.bootstrapSeed ?? String(BOOTSTRAP_SEED_DEFAULT);
  seedValue(seed, '--bootstrap-seed');
  return { resamples, seed };
}

/** `5%` → 0.05, `0.05` → 0.05; must be ≥ 0. */
export function fractionFlag(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  const percent = text.endsWith('%');
  const x = Number(percent ? text.slice(0, -1) : text);
  if (!Number.isFinite(x) || x < 0 || text.trim() === '' || text === '%') {
    throw new CliError(`${flag}: expected a fraction (0.02) or a percentage (2%), got '${text}'`);
  }
  return percent ? x / 100 : x;
}

export function alphaFlag(text: string | undefined): number {
  return text === undefined ? 0.05 : numberFlag('--alpha', text, 'a number between 0 and 1', betweenZeroAndOne);
}

/** `--revision N`: a positive integer, or undefined for the latest revision. */
export function revisionFlag(text: string | undefined): number | undefined {
  return text === undefined ? undefined : integerFlag('--revision', text, 'a revision number 1, 2, …', 1);
}
