// Run keys (runner.md §1): SHA-256 of the RFC 8785 canonical JSON of everything that determines a
// run's result — the scenario's config hash (resolved config and policy hashes), the seed and
// the engine version — plus the run's place in its experiment (name, variant, grid point), so
// that two runs of one experiment never share a key even when their configs coincide.
// Equal keys, equal results; resuming skips a key already stored `ok`.

import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { configHash, type LoadedScenario } from '../config/scenario.js';
import { ENGINE_VERSION } from '../engine/version.js';

export interface RunKeyInput {
  readonly experiment_id: string;
  readonly variant: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** runConfigHash of the scenario the run uses. */
  readonly config_hash: string;
  readonly seed: string;
  /** The experiment revision, given only from revision 2 on (so revision 1 keys stay as they were). */
  readonly revision?: number;
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

/**
 * The one meaning of `runs.config_hash` (docs/store.md): SHA-256 of the canonical JSON of the
 * resolved scenario without its seed, and the policies' hashes in agent order. Every writer
 * stores this, so runs of one configuration share it whatever seed they ran with; the seed has
 * its own column. (LoadedScenario.configHash keeps the seed: a checkpoint belongs to one run.)
 */
export function runConfigHash(loaded: LoadedScenario): string {
  const { rng_seed: _seed, ...simulation } = loaded.config.simulation;
  // configHash's own rules apply (e.g. a payment file counts by its digest), the seed left out.
  return configHash({ ...loaded.config, simulation: simulation as typeof loaded.config.simulation }, loaded.policies);
}
