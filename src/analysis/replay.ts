// Shadow replay of one run (runner.md §5): the recorded payment orders replayed through the
// engine with some agents' policies swapped. With no swap it reproduces the original run exactly
// (test/analysis/replay.test.ts), which is what makes a candidate's replayed numbers comparable.

import { configHash, type LoadedScenario } from '../config/scenario.js';
import type { RunResult } from '../engine/results.js';
import { type ReplayOrder, Simulation } from '../engine/simulation.js';
import type { CompiledPolicy } from '../policy/decision.js';
import type { ResolvedPolicy } from '../policy/resolve.js';

/** Candidate policies by agent id. */
export type PolicySwaps = ReadonlyMap<string, ResolvedPolicy>;

/** The scenario with the given agents' policies replaced; its config hash follows. */
export function withPolicies(loaded: LoadedScenario, swaps: PolicySwaps): LoadedScenario {
  const ids = loaded.config.agents.map((a) => a.id);
  for (const agent of swaps.keys()) {
    if (!ids.includes(agent)) throw new RangeError(`agent '${agent}' is not in the scenario (agents: ${ids.join(', ')})`);
  }
  if (swaps.size === 0) return loaded;
  const policies = loaded.policies.map((p, i) => swaps.get(ids[i]!) ?? p);
  return { ...loaded, policies, configHash: configHash(loaded.config, policies) };
}

export interface ReplayedRun {
  readonly scenario: LoadedScenario;
  readonly result: RunResult;
}

/** Runs `orders` (see replay-orders.ts) under `swaps` to the configured horizon, or for `ticks` ticks. */
export function replayRun(loaded: LoadedScenario, orders: readonly ReplayOrder[], swaps: PolicySwaps = new Map(), ticks?: number): ReplayedRun {
  const scenario = withPolicies(loaded, swaps);
  // Agents with the same policy document share one compiled policy, as in a normal run.
  const compiled = new Map<string, CompiledPolicy>();
  const policies = scenario.policies.map((p) => {
    let c = compiled.get(p.hash);
    if (c === undefined) compiled.set(p.hash, (c = p.compile()));
    return c;
  });
  const simulation = new Simulation(scenario.config, policies, { replay: orders, configHash: scenario.configHash });
  simulation.run(ticks === undefined ? undefined : Math.min(ticks, simulation.state.totalTicks));
  return { scenario, result: simulation.results() };
}
