// The equilibrium search of `paysim optimize` (optimize/equilibrium.ts: iterated best response,
// each agent's best response found by the experiment's own method) on an experiment's `optimize:`
// section, with the trials run in this process (runs.ts) instead of through the pool and the store.
// The trial documents are the optimiser's own (optimize/evaluator.ts: trialVariant, trialDocument),
// so a trial is exactly the run `paysim optimize` would make.

import { type EquilibriumResult, iteratedBestResponse, type Player } from '../optimize/equilibrium.js';
import { trialDocument, trialVariant, type VariantDocument } from '../optimize/evaluator.js';
import { makeMethod } from '../optimize/methods.js';
import { prepareOptimization, startAssignment } from '../optimize/optimization.js';
import type { Evaluate } from '../optimize/search.js';
import { agentCost, runExperimentDocument } from './runs.js';

export interface SearchOptions {
  /** Scenario values written into every trial (paths as in `set:`), e.g. a cost rate of one case. */
  readonly fixed?: Readonly<Record<string, unknown>>;
}

/** Iterated best response on `file`'s optimize section; each agent minimises its own total_cost. */
export async function searchEquilibrium(file: string, options: SearchOptions = {}): Promise<EquilibriumResult> {
  const prepared = prepareOptimization(file);
  const { spec } = prepared;
  if (spec.mode !== 'equilibrium' || spec.objective.metric !== 'total_cost' || spec.constraints.length > 0) {
    throw new Error(`${file}: paysim reproduce runs equilibrium searches on each agent's total_cost without constraints`);
  }
  const variant = (assignment: Record<string, unknown>): VariantDocument => {
    const own = trialVariant(spec.parameters, assignment);
    return { set: { ...options.fixed, ...own.set } };
  };
  const evaluateFor =
    (agent: string): Evaluate =>
    async (trial, seeds) => {
      const doc = trialDocument(prepared.doc, { [trial.key]: variant(trial.assignment) }, seeds);
      const rows = runExperimentDocument(doc, prepared.file);
      return seeds.map((seed) => {
        const row = rows.find((r) => r.seed === seed);
        if (row === undefined) throw new Error(`no run of seed ${seed}`);
        return { objective: agentCost(row.summary, agent), constraints: [] };
      });
    };
  const players: Player[] = spec.agents.map((agent) => ({
    agent,
    space: spec.parameters.filter((p) => p.agent === agent),
    direction: spec.objective.direction,
    evaluate: evaluateFor(agent),
  }));
  return iteratedBestResponse({
    players,
    start: startAssignment(spec),
    method: (player, at) => makeMethod(spec.method, player.space, at, spec.seed),
    seeds: spec.seeds,
    tolerance: spec.tolerance,
    maxRounds: spec.rounds,
    maxEvaluations: spec.maxEvaluations,
    racing: null,
  });
}
