// Flags shared by compare, replay and report: interval coverage, bootstrap settings, guards.

import { BOOTSTRAP_RESAMPLES_DEFAULT, BOOTSTRAP_RESAMPLES_MAX, BOOTSTRAP_SEED_DEFAULT, type BootstrapSettings } from '../analysis/bootstrap.js';
import { CliError } from './errors.js';

export interface StatsFlags {
  confidence?: string;
  bootstrapSeed?: string;
  resamples?: string;
}

export function confidenceFlag(text: string | undefined): number {
  if (text === undefined) return 0.95;
  const x = Number(text);
  if (!(x > 0 && x < 1)) throw new CliError(`--confidence: expected a number between 0 and 1, got '${text}'`);
  return x;
}

export function bootstrapFlags(flags: StatsFlags): BootstrapSettings {
  let resamples = BOOTSTRAP_RESAMPLES_DEFAULT;
  if (flags.resamples !== undefined) {
    resamples = Number(flags.resamples);
    if (!/^\d+$/.test(flags.resamples) || resamples < 1 || resamples > BOOTSTRAP_RESAMPLES_MAX) {
      throw new CliError(`--resamples: expected an integer from 1 to ${BOOTSTRAP_RESAMPLES_MAX}, got '${flags.resamples}'`);
    }
  }
  const seed = flags.bootstrapSeed ?? String(BOOTSTRAP_SEED_DEFAULT);
  if (!/^\d+$/.test(seed) || BigInt(seed) >= 2n ** 64n) throw new CliError(`--bootstrap-seed: expected an integer 0 ≤ n < 2^64, got '${seed}'`);
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
  if (text === undefined) return 0.05;
  const x = Number(text);
  if (!(x > 0 && x < 1)) throw new CliError(`--alpha: expected a number between 0 and 1, got '${text}'`);
  return x;
}

/** `--revision N`: a positive integer, or undefined for the latest revision. */
export function revisionFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new CliError(`--revision: expected a revision number 1, 2, …, got '${text}'`);
  return Number(text);
}
