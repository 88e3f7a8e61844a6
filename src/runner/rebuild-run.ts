// Rebuilding the exact scenario a stored run used, for shadow replay, from the store alone: the
// self-contained document the run ran (scenario_documents: grid point and variant applied,
// policies inline) with the run's seed. The result is checked against the run's stored config
// hash, so a replay never starts from a scenario other than the one that produced the stored
// transactions — and no scenario or policy file needs to exist any more.

import { dirname } from 'node:path';
import { ValidationError } from '../input/issues.js';
import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import type { StoredRunInfo } from './stored-runs.js';
import { ReplayError } from './errors.js';
import { runConfigHash } from './run-key.js';
import { withOverrides } from './single-run.js';

export interface RebuiltRun {
  /** The scenario with the run's seed (and horizon) as it ran. */
  readonly loaded: LoadedScenario;
  /** Stop after this many ticks (a `paysim run --ticks` run), else null: the whole horizon. */
  readonly ticks: number | null;
}

export function rebuildRunScenario(run: StoredRunInfo): RebuiltRun {
  const fail = (why: string): never => {
    throw new ReplayError(`run ${run.run_key.slice(0, 12)} (variant ${run.variant}, seed ${run.seed}): cannot replay it: ${why}`);
  };
  if (run.transactions === 0) fail('the store has no transactions for it (the experiment had outputs.transactions off)');
  if (run.document_json === null) {
    return fail('it was stored by an older paysim, without its scenario document (sweep the experiment again, docs/store.md)');
  }
  let loaded: LoadedScenario;
  try {
    // A payment file (`payments:`) is read where the run found it, relative to its scenario file:
    // the only file a replay still needs (docs/replay.md).
    loaded = parseScenarioDocument(JSON.parse(run.document_json), { file: `${run.scenario} (as stored)`, baseDir: dirname(run.scenario) });
  } catch (error) {
    if (error instanceof ValidationError) return fail(`its stored scenario does not validate (${error.issues[0]?.message ?? 'invalid'})`);
    throw error;
  }
  const seeded = withOverrides(loaded, { seed: run.seed });
  if (runConfigHash(seeded) !== run.config_hash) fail('its stored scenario does not give its stored config hash (the store was altered)');
  const ticks = run.params['ticks'];
  return { loaded: seeded, ticks: typeof ticks === 'number' ? ticks : null };
}
