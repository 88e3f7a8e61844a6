// One run of a loaded scenario, in this process: compile the policies, step the engine, collect
// results. Used by `paysim run`, by the sweep workers and by tests.

import { configHash, type LoadedScenario } from '../config/scenario.js';
import type { Checkpoint } from '../engine/checkpoint.js';
import type { EventSink } from '../engine/events.js';
import type { RunResult } from '../engine/results.js';
import { type AgentTickRecord, type ReplayOrder, Simulation } from '../engine/simulation.js';
import type { CompiledPolicy } from '../policy/decision.js';
import type { ResolvedPolicy } from '../policy/resolve.js';

export interface ScenarioOverrides {
  /** Replaces simulation.rng_seed (decimal u64). */
  readonly seed?: string;
  /** Replaces simulation.num_days. */
  readonly days?: number;
  /** Replaces each agent's opening_balance, in agent order (a liquidity frontier's runs). */
  readonly opening_balances?: readonly number[];
}

/** The scenario with seed, horizon or opening balances replaced; its config hash follows. */
export function withOverrides(loaded: LoadedScenario, overrides: ScenarioOverrides): LoadedScenario {
  const { seed, days, opening_balances: balances } = overrides;
  if (seed === undefined && days === undefined && balances === undefined) return loaded;
  const simulation = {
    ...loaded.config.simulation,
    ...(seed !== undefined ? { rng_seed: seed } : {}),
    ...(days !== undefined ? { num_days: days } : {}),
  };
  if (balances !== undefined && balances.length !== loaded.config.agents.length) {
    throw new Error(`opening balances for ${balances.length} agents, the scenario has ${loaded.config.agents.length}`);
  }
  const agents = balances === undefined ? loaded.config.agents : loaded.config.agents.map((a, i) => ({ ...a, opening_balance: balances[i]! }));
  const config = { ...loaded.config, simulation, agents };
  return { ...loaded, config, configHash: configHash(config, loaded.policies) };
}

/** Compiles each distinct policy once; agents with the same effective document share it. */
export function compilePolicies(policies: readonly ResolvedPolicy[]): CompiledPolicy[] {
  const byHash = new Map<string, CompiledPolicy>();
  return policies.map((p) => {
    let compiled = byHash.get(p.hash);
    if (compiled === undefined) {
      compiled = p.compile();
      byHash.set(p.hash, compiled);
    }
    return compiled;
  });
}

export interface RunOptions {
  /** Stop after this many ticks instead of the configured horizon. */
  readonly ticks?: number;
  readonly events?: EventSink | null;
  readonly trace?: boolean;
  readonly agentTicks?: boolean;
  /** Recorded payment orders to replay instead of generating arrivals (shadow replay). */
  readonly replay?: readonly ReplayOrder[];
  /** Resume from this checkpoint (taken under the same config) instead of starting at tick 0. */
  readonly fromCheckpoint?: Checkpoint;
  /** Called after every tick (e.g. for a per-tick log). */
  readonly onTick?: (simulation: Simulation) => void;
  /** Check the engine's invariants after every tick (`paysim run --check-invariants`). */
  readonly checkInvariants?: boolean;
  /** Build a record per transaction (default true); false: `result.transactions` is empty. */
  readonly transactions?: boolean;
}

export interface CompletedRun {
  readonly simulation: Simulation;
  readonly result: RunResult;
  readonly agentTicks: readonly AgentTickRecord[] | null;
  readonly wallMs: number;
}

export function createSimulation(loaded: LoadedScenario, options: RunOptions = {}): Simulation {
  const simulationOptions = {
    events: options.events ?? null,
    trace: options.trace ?? false,
    agentTicks: options.agentTicks ?? false,
    configHash: loaded.configHash,
    checkInvariants: options.checkInvariants ?? false,
    ...(options.replay !== undefined ? { replay: options.replay } : {}),
  };
  const policies = compilePolicies(loaded.policies);
  return options.fromCheckpoint === undefined
    ? new Simulation(loaded.config, policies, simulationOptions)
    : Simulation.fromCheckpoint(loaded.config, policies, options.fromCheckpoint, simulationOptions);
}

export function runScenario(loaded: LoadedScenario, options: RunOptions = {}): CompletedRun {
  const started = performance.now();
  const simulation = createSimulation(loaded, options);
  const end = options.ticks === undefined ? simulation.state.totalTicks : Math.min(options.ticks, simulation.state.totalTicks);
  while (simulation.tick < end) {
    simulation.step();
    options.onTick?.(simulation);
  }
  const result = simulation.results({ transactions: options.transactions ?? true });
  return { simulation, result, agentTicks: simulation.agentTicks, wallMs: performance.now() - started };
}
