// Run keys (runner.md §1): SHA-256 of the RFC 8785 canonical JSON of everything that determines a
// run's result — the scenario's config hash (resolved config and policy hashes), the seed and
// the engine version — plus the run's place in its experiment (name, variant, grid point), so
// that two runs of one experiment never share a key even when their configs coincide.
// Equal keys, equal results; resuming skips a key already stored `ok`.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ENGINE_VERSION } from '../engine/version.js';

export interface RunKeyInput {
  readonly experiment_id: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** LoadedScenario.configHash of the scenario document the run uses (before the seed is set). */
  readonly config_hash: string;
  readonly seed: string;
}

export function runKey(input: RunKeyInput, engineVersion: string = ENGINE_VERSION): string {
  const text = canonicalize({ ...input, engine_version: engineVersion });
  if (text === undefined) throw new Error('runKey: input is not serialisable');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** SHA-256 hex of a value's canonical JSON (scenario documents, experiment specs). */
export function canonicalSha256(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonicalSha256: value is not serialisable');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
