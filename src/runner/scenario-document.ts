// The self-contained scenario document of a run: every policy inline as its effective tree, the
// horizon it ran, and seed 0 in place of its seed (the seed is the run's own column). Sweeps send
// it to the workers and every writer stores it in `scenario_documents`, so a run can be rebuilt
// from the store alone (shadow replay), whatever became of the files it came from.

import { isRecord } from '../input/json-path.js';
import type { LoadedScenario } from '../config/scenario.js';
import type { ScenarioRecord } from '../store/writer.js';
import { canonicalSha256 } from './run-key.js';

/** The seed every stored document carries; runs set their own. */
const STORED_SEED = 0;

/** A loaded scenario as one document with policies inline (its policy hashes unchanged). */
export function selfContainedDocument(loaded: LoadedScenario): Record<string, unknown> {
  const doc = structuredClone(loaded.document) as Record<string, unknown>;
  const agents = doc['agents'] as unknown[];
  doc['agents'] = agents.map((agent, i) => ({ ...(isRecord(agent) ? agent : {}), policy: { type: 'Tree', tree: loaded.policies[i]!.document } }));
  return withStoredSeed(doc, loaded.config.simulation.num_days);
}

/** The document with seed 0 (and the horizon, when given): one stored document for every seed. */
export function withStoredSeed(doc: Record<string, unknown>, numDays?: number): Record<string, unknown> {
  const simulation = isRecord(doc['simulation']) ? doc['simulation'] : {};
  return { ...doc, simulation: { ...simulation, rng_seed: STORED_SEED, ...(numDays !== undefined ? { num_days: numDays } : {}) } };
}

export function scenarioRecord(doc: Record<string, unknown>): ScenarioRecord {
  return { scenario_sha256: canonicalSha256(doc), document_json: JSON.stringify(doc) };
}
