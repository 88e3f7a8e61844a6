// Shared builders for the LSM tests: scripted payments at tick 0, everyone releases at once, so
// what the RTGS cannot settle is in Q2 when step 8 runs.

import type { EngineEvent } from '../../../src/engine/events.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { SettledBy } from '../../../src/engine/transaction.js';
import { releaseAll } from '../../helpers/policies.js';
import { type ConfigSpec, config } from '../../helpers/scenario.js';

export interface LsmSim {
  readonly sim: Simulation;
  readonly events: EngineEvent[];
}

/** A simulation with an event sink; LSM settings as given (tests pass `enabled: true`). */
export function lsmSim(spec: ConfigSpec): LsmSim {
  const events: EngineEvent[] = [];
  const sim = new Simulation(
    config(spec),
    spec.agents.map(() => releaseAll()),
    { events: (event) => events.push(event) },
  );
  return { sim, events };
}

/** Balances by agent id. */
export function balances(sim: Simulation): Record<string, number> {
  const out: Record<string, number> = {};
  sim.state.ids.forEach((id, agent) => (out[id] = sim.state.balances[agent]!));
  return out;
}

/** settled_by of each transaction in id order (null while unsettled). */
export function settledBy(sim: Simulation): (SettledBy | null)[] {
  return sim.state.txs.map((tx) => (tx.status === 'settled' ? tx.settledBy : null));
}

export function eventsOf(events: readonly EngineEvent[], type: EngineEvent['type']): EngineEvent[] {
  return events.filter((e) => e.type === type);
}
