// The three phases of a failure, tick by tick (docs/stress.md; Arciero et al. 2009): liquidity
// trapped at the failed participant, value queued in Q2 and survivors affected, then the others'
// payments failing (dropped at their deadlines). One failure run and
// its baseline on one seed, run again in this process (two runs, deterministic: the same as the
// stored ones), since the store keeps no per-tick queue values.

import { createSimulation, withOverrides } from '../single-run.js';
import type { Simulation } from '../../engine/simulation.js';
import type { AgentSnapshot } from '../../engine/snapshot.js';
import type { Failure, StressPlanner } from './plan.js';

export interface PhasePoint {
  /** Tick of the run (the state at the end of it). */
  readonly tick: number;
  /** The failed participant's balance − the baseline's (cents). */
  readonly trapped: number;
  /** Value queued in Q2, every participant, in the failure run and in the baseline (cents). */
  readonly q2_value: number;
  readonly q2_value_baseline: number;
  /**
   * Participants other than the first failed whose own Q2 value exceeds the baseline's by more
   * than the threshold (contagion failures count: they are hit too, as in the study's figures).
   */
  readonly affected: number;
  /**
   * Value of the other participants' payments failed so far (dropped at their deadline, or
   * rejected), cumulative over the run, in the failure run and in the baseline (cents).
   */
  readonly dropped_value: number;
  readonly dropped_value_baseline: number;
}

export function tickPhases(planner: StressPlanner, failures: readonly Failure[], seed: string, threshold = 0): PhasePoint[] {
  const first = failures[0]!.agent;
  const base = perTick(createSimulation(withOverrides(planner.scenarioWith([]), { seed }), { transactions: false }), first);
  const stressed = perTick(createSimulation(withOverrides(planner.scenarioWith(failures), { seed }), { transactions: false }), first);
  return stressed.map((s, t) => {
    const b = base[t]!;
    let affected = 0;
    s.agents.forEach((a, i) => {
      if (a.agent !== first && a.q2_value - b.agents[i]!.q2_value > threshold) affected++;
    });
    const at = s.agents.findIndex((a) => a.agent === first);
    return {
      tick: t,
      trapped: s.agents[at]!.balance - b.agents[at]!.balance,
      q2_value: s.q2_value,
      q2_value_baseline: b.q2_value,
      affected,
      dropped_value: s.dropped_value,
      dropped_value_baseline: b.dropped_value,
    };
  });
}

interface TickState {
  readonly q2_value: number;
  readonly agents: readonly AgentSnapshot[];
  readonly dropped_value: number;
}

/** The state at the end of every tick; `dropped_value`: payments of senders other than `failed` dropped so far. */
function perTick(simulation: Simulation, failed: string): TickState[] {
  const out: TickState[] = [];
  const failedIndex = simulation.state.config.agents.findIndex((a) => a.id === failed);
  while (!simulation.done) {
    simulation.step();
    const snap = simulation.snapshot();
    // The day's drop counters are reset at the end of each day, so the run's total is summed from
    // the payments themselves (a dropped payment keeps the value it was dropped with).
    let dropped = 0;
    for (const tx of simulation.state.txs) if (tx.status === 'dropped' && tx.sender !== failedIndex) dropped += tx.remaining;
    out.push({ q2_value: snap.q2_value, agents: snap.agents, dropped_value: dropped });
  }
  return out;
}
