// Equilibrium mode: iterated best response. Each agent in turn searches its own parameters, the
// others' held where they are, for its own objective; it moves to the best it found when that
// improves its objective by more than the tolerance. Rounds repeat until no agent moves (the
// profile is then an equilibrium up to the tolerance and what each search could find), a
// profile seen before comes back (a cycle), or the rounds or the budget run out. Each agent's
// regret is its best deviation gain in the last round: 0 (≤ tolerance) for all at an equilibrium.

import type { Direction } from '../analysis/metrics.js';
import type { RacingOptions } from './racing.js';
import type { Method } from './method.js';
import { type Constraint, type Evaluate, type ObservationCache, search, type Trial } from './search.js';
import { type Assignment, assignmentKey, type Parameter, pointOf, roundFloats } from './space.js';

export interface Player {
  readonly agent: string;
  /** The agent's own parameters. */
  readonly space: readonly Parameter[];
  readonly direction: Direction;
  /** What the agent's best response must meet (the observations' constraint values, in order). */
  readonly constraints?: readonly Constraint[];
  /** Evaluates a full profile for this agent's objective. */
  readonly evaluate: Evaluate;
}

export interface EquilibriumOptions {
  readonly players: readonly Player[];
  /** The starting profile (every player's parameters). */
  readonly start: Assignment;
  /** A fresh method for a best-response search starting at `start` (unit cube of the player's space). */
  readonly method: (player: Player, start: readonly number[]) => Method;
  readonly seeds: readonly string[];
  /** A move must improve the agent's objective by more than this (objective units). */
  readonly tolerance: number;
  readonly maxRounds: number;
  /** Runs over all searches; null: no limit. */
  readonly maxEvaluations?: number | null;
  readonly racing?: RacingOptions | null;
  readonly onTrial?: (step: { round: number; agent: string }, trial: Trial) => Promise<void> | void;
}

export interface Step {
  readonly round: number;
  readonly agent: string;
  /** The agent's objective before and at its best response. */
  readonly before: number;
  readonly best: number;
  /** Improvement (positive is better), and whether the agent moved. */
  readonly gain: number;
  readonly moved: boolean;
  /** The profile after the step. */
  readonly profile: Assignment;
}

export interface EquilibriumResult {
  readonly profile: Assignment;
  /** `infeasible`: an agent had no response meeting its constraints. */
  readonly status: 'converged' | 'cycle' | 'rounds' | 'budget' | 'infeasible';
  readonly rounds: number;
  /** Agent → best deviation gain found in the last round (≥ 0). */
  readonly regret: Readonly<Record<string, number>>;
  /** Agent → its objective at the final profile (last evaluated). */
  readonly objective: Readonly<Record<string, number>>;
  readonly path: readonly Step[];
  readonly evaluations: number;
}

export async function iteratedBestResponse(options: EquilibriumOptions): Promise<EquilibriumResult> {
  let profile: Assignment = roundFloats(options.start);
  const caches = new Map<string, ObservationCache>(options.players.map((p) => [p.agent, new Map()]));
  const seen = new Set<string>([assignmentKey(profile)]);
  const path: Step[] = [];
  const regret: Record<string, number> = {};
  const objective: Record<string, number> = {};
  let used = 0;
  for (let round = 1; round <= options.maxRounds; round++) {
    let moved = false;
    for (const player of options.players) {
      const own = new Set(player.space.map((p) => p.name));
      const context = Object.fromEntries(Object.entries(profile).filter(([k]) => !own.has(k)));
      const start = Object.fromEntries(player.space.map((p) => [p.name, profile[p.name]]));
      const left = options.maxEvaluations == null ? null : options.maxEvaluations - used;
      const result = await search({
        space: player.space,
        method: options.method(player, pointOf(player.space, start)),
        seeds: options.seeds,
        direction: player.direction,
        evaluate: player.evaluate,
        constraints: player.constraints ?? [],
        racing: options.racing ?? null,
        start,
        context,
        cache: caches.get(player.agent)!,
        maxEvaluations: left,
        onTrial: (t) => options.onTrial?.({ round, agent: player.agent }, t),
      });
      used += result.evaluations;
      const first = result.trials[0];
      // No response of this agent meets its constraints: no profile of the search is an equilibrium.
      if (first !== undefined && result.best === null && result.stopped === 'method') return finish('infeasible', round);
      if (first === undefined || result.best === null) return finish('budget', round);
      const sign = player.direction === 'lower' ? 1 : -1;
      const gain = Math.max(0, sign * (first.mean - result.best.mean));
      // From a profile that breaks the agent's constraints it moves to a feasible one, whatever the cost.
      const moves = gain > options.tolerance || first.status === 'infeasible';
      // Keys kept in the profile's own order, so that paths read alike step to step.
      if (moves) profile = Object.fromEntries(Object.keys(profile).map((k) => [k, result.best!.assignment[k]]));
      regret[player.agent] = gain;
      objective[player.agent] = moves ? result.best.mean : first.mean;
      path.push({ round, agent: player.agent, before: first.mean, best: result.best.mean, gain, moved: moves, profile });
      moved ||= moves;
      if (result.stopped !== 'method') return finish('budget', round);
    }
    if (!moved) return finish('converged', round);
    const key = assignmentKey(profile);
    if (seen.has(key)) return finish('cycle', round);
    seen.add(key);
  }
  return finish('rounds', options.maxRounds);

  function finish(status: EquilibriumResult['status'], rounds: number): EquilibriumResult {
    return { profile, status, rounds, regret, objective, path, evaluations: used };
  }
}
