// Runs made in this process for the analysis tests: a scenario over a list of seeds, as rows.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentMetricRows, runMetricRow } from '../../src/analysis/run-rows.js';
import type { AgentMetricRow, RunMetricRow } from '../../src/analysis/pairing.js';
import { withPolicies } from '../../src/runner/replay.js';
import { loadScenarioFile, type LoadedScenario } from '../../src/config/scenario.js';
import type { RunResult } from '../../src/engine/results.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../../src/policy/resolve.js';
import { runScenario, withOverrides } from '../../src/runner/single-run.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test/analysis/fixtures');

export function scenario(name: string): LoadedScenario {
  return loadScenarioFile(join(ROOT, 'scenarios', name));
}

/** A policy spec as a scenario would give it, resolved relative to test/analysis/fixtures. */
export function policy(spec: unknown): ResolvedPolicy {
  const r = resolvePolicySpec(spec, { file: '<test>', baseDir: FIXTURES, path: 'policy' });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.policy;
}

/** Every agent on the same policy. */
export function allAgents(loaded: LoadedScenario, p: ResolvedPolicy): LoadedScenario {
  return withPolicies(loaded, new Map(loaded.config.agents.map((a) => [a.id, p])));
}

export interface VariantRuns {
  readonly runs: RunMetricRow[];
  readonly agents: AgentMetricRow[];
  readonly results: Map<string, RunResult>;
}

/** Runs `loaded` for each seed as `variant`; run keys are `variant/seed`. */
export function runSeeds(loaded: LoadedScenario, variant: string, seeds: readonly number[]): VariantRuns {
  const out: VariantRuns = { runs: [], agents: [], results: new Map() };
  for (const seed of seeds) {
    const run = runScenario(withOverrides(loaded, { seed: String(seed) }));
    const key = `${variant}/${seed}`;
    out.runs.push(runMetricRow({ run_key: key, variant, seed: String(seed) }, run.result.summary));
    out.agents.push(...agentMetricRows(key, run.result.summary));
    out.results.set(key, run.result);
  }
  return out;
}

export const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);
