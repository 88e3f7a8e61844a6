// Rebuilding the exact scenario a stored run used, for shadow replay: the scenario file the run
// names, its grid point (params_json) re-applied with the sweep's own path rules, and each agent's
// policy taken from the store by content hash (so a policy file edited since does not matter).
// The result is checked against the run's stored config hash: a replay never starts from a
// scenario that differs from the one that produced the stored transactions.

import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { readDocumentFile } from '../config/read.js';
import { type LoadedScenario, parseScenarioDocument } from '../config/scenario.js';
import { ValidationError } from '../config/issues.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../policy/resolve.js';
import { applyVaryPath, parseVaryPath, type VaryChange } from '../runner/vary-path.js';
import { withOverrides } from '../runner/single-run.js';
import type { StoredRunInfo } from '../analysis/store-reader.js';
import { CliError } from './errors.js';

/** params_json keys that `paysim run` and the API record and that are not scenario paths (`external`: payments submitted over the API, which a replay takes from the stored transactions). */
const ADHOC_KEYS = new Set(['scenario', 'ticks', 'external']);

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** A grid label back into the change that produced it: `{scale: x}` multiplies, anything else was set. */
function changeOf(label: unknown): VaryChange {
  if (isRecord(label) && Object.keys(label).length === 1 && typeof label['scale'] === 'number') return { kind: 'scale', factor: label['scale'] };
  return { kind: 'set', value: label };
}

export interface RebuiltRun {
  /** The scenario with the run's seed (and horizon) as it ran. */
  readonly loaded: LoadedScenario;
  /** Stop after this many ticks (a `paysim run --ticks` run), else null: the whole horizon. */
  readonly ticks: number | null;
}

export function rebuildRunScenario(run: StoredRunInfo): RebuiltRun {
  const fail = (why: string): never => {
    throw new CliError(`run ${run.run_key.slice(0, 12)} (variant ${run.variant}, seed ${run.seed}): cannot rebuild its scenario: ${why}`);
  };
  if (run.scenario === '' || !existsSync(run.scenario)) fail(`the scenario file '${run.scenario}' is not there (replay from the folder the sweep ran in)`);
  if (run.transactions === 0) fail('the store has no transactions for it (the experiment had outputs.transactions off)');
  const doc = structuredClone(readDocumentFile(run.scenario));
  if (!isRecord(doc) || !Array.isArray(doc['agents'])) return fail(`${run.scenario} is not a scenario`);
  const params: unknown = JSON.parse(run.params_json === '' ? '{}' : run.params_json);
  let ticks: number | null = null;
  for (const [path, label] of Object.entries(isRecord(params) ? params : {})) {
    if (ADHOC_KEYS.has(path)) {
      if (path === 'ticks' && typeof label === 'number') ticks = label;
      continue;
    }
    const segments = parseVaryPath(path);
    if (typeof segments === 'string') return fail(`grid path '${path}': ${segments}`);
    const applied = applyVaryPath(doc, segments, changeOf(label));
    if (!applied.ok) fail(`grid path '${path}': ${applied.message}`);
  }
  const agents = doc['agents'] as unknown[];
  agents.forEach((agent, i) => {
    if (!isRecord(agent)) return;
    const stored = run.policies.get(String(agent['id']));
    if (stored === undefined) return fail(`no stored policy for agent '${String(agent['id'])}'`);
    agents[i] = { ...agent, policy: { type: 'Tree', tree: JSON.parse(stored) as unknown } };
  });
  let loaded: LoadedScenario;
  try {
    loaded = parseScenarioDocument(doc, { file: run.scenario, baseDir: dirname(run.scenario) });
  } catch (error) {
    if (error instanceof ValidationError) return fail(`it no longer validates (${error.issues[0]?.message ?? 'invalid'})`);
    throw error;
  }
  if (run.days !== null && ticks === null && run.days !== loaded.config.simulation.num_days) loaded = withOverrides(loaded, { days: run.days });
  const seeded = withOverrides(loaded, { seed: run.seed });
  // A sweep records the hash before the seed is set; `paysim run` after.
  if (loaded.configHash !== run.config_hash && seeded.configHash !== run.config_hash) {
    fail(`its config hash differs from the stored one (has ${run.scenario} changed since the run?)`);
  }
  return { loaded: seeded, ticks };
}

/** `AGENT=FILE` or `AGENT=Fifo` (a built-in type) → the resolved candidate policy. */
export function candidatePolicy(text: string): { agent: string; policy: ResolvedPolicy } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new CliError(`--policy: expected AGENT=FILE (or AGENT=Fifo), got '${text}'`);
  const agent = text.slice(0, at);
  const value = text.slice(at + 1);
  const spec = /^(Fifo|Deadline|LiquidityAware|LiquiditySplitting)$/.test(value) ? { type: value } : { type: 'Tree', file: value };
  const resolved = resolvePolicySpec(spec, { file: '--policy', baseDir: process.cwd(), path: agent });
  if (!resolved.ok) throw new ValidationError(resolved.issues);
  return { agent, policy: resolved.policy };
}
