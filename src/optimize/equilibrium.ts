// Equilibrium mode: iterated best response. Each player (an agent, or a class of agents that
// move together) searches its own parameters, the others' held where they are, for its own
// objective; it moves to the best it found when that improves its objective by more than the
// tolerance. Two orders (docs/optimize.md): `sequential` (Gauss–Seidel: each player responds to
// the profile as the players before it in the round left it) and `simultaneous` (Jacobi: every
// player responds to the profile the round started from, and all move together at its end).
// Rounds repeat until no player moves (the profile is then an equilibrium up to the tolerance
// and what each search could find), a profile seen before comes back (a cycle), or the rounds or
// the budget run out. Each player's regret is its best deviation gain in the last round: 0 (≤
// tolerance) for all at an equilibrium.
//
// Parallel evaluation: when a player's search tries points known beforehand (a grid), they are
// handed to `batch` before the search runs — one player's grid (sequential) or every player's
// (simultaneous) — so the pool runs them side by side; the search then finds them evaluated.
// What each search sees, and so every trial and the result, is the same as evaluating one trial
// at a time, whatever the number of workers.

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
  /** Default `sequential` (Gauss–Seidel); `simultaneous` is Jacobi. */
  readonly order?: EquilibriumOrder;
  /** The player's own-parameter points its search will try, when known beforehand (a grid); else null. */
  readonly plannedPoints?: (player: Player) => readonly Assignment[] | null;
  /** Evaluates full profiles ahead, on these seeds, for the players' objectives (in parallel). */
  readonly batch?: (requests: readonly BatchRequest[]) => Promise<void>;
  readonly onTrial?: (step: { round: number; agent: string }, trial: Trial) => Promise<void> | void;
}

export type EquilibriumOrder = 'sequential' | 'simultaneous';

/** Profiles to evaluate for a player's objective on the seeds given. */
export interface BatchRequest {
  readonly player: Player;
  readonly profiles: readonly Assignment[];
  readonly seeds: readonly string[];
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
  const simultaneous = options.order === 'simultaneous';
  let used = 0;

  /** Runs its search for a player against `at`; null when the rounds must stop (with why). */
  const respond = async (player: Player, at: Assignment, round: number): Promise<{ step: Step; best: Assignment; budget: boolean } | EquilibriumResult['status']> => {
    const own = new Set(player.space.map((p) => p.name));
    const context = Object.fromEntries(Object.entries(at).filter(([k]) => !own.has(k)));
    const start = Object.fromEntries(player.space.map((p) => [p.name, at[p.name]]));
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
    // No response of this player meets its constraints: no profile of the search is an equilibrium.
    if (first !== undefined && result.best === null && result.stopped === 'method') return 'infeasible';
    if (first === undefined || result.best === null) return 'budget';
    const sign = player.direction === 'lower' ? 1 : -1;
    const gain = Math.max(0, sign * (first.mean - result.best.mean));
    // From a profile that breaks the player's constraints it moves to a feasible one, whatever the cost.
    const moves = gain > options.tolerance || first.status === 'infeasible';
    regret[player.agent] = gain;
    objective[player.agent] = moves ? result.best.mean : first.mean;
    const best = moves ? Object.fromEntries(player.space.map((p) => [p.name, result.best!.assignment[p.name]])) : start;
    const step: Step = { round, agent: player.agent, before: first.mean, best: result.best.mean, gain, moved: moves, profile: at };
    // A search the budget stopped still counts (its step is kept); then the rounds stop.
    return { step, best, budget: result.stopped !== 'method' };
  };

  /** Keys kept in the profile's own order, so that paths read alike step to step. */
  const withMoves = (at: Assignment, moves: Assignment): Assignment => Object.fromEntries(Object.keys(at).map((k) => [k, k in moves ? moves[k] : at[k]]));

  for (let round = 1; round <= options.maxRounds; round++) {
    let moved = false;
    if (simultaneous) {
      const from = profile;
      await prefetch(options.players, from);
      const steps: Step[] = [];
      let moves: Assignment = {};
      let cut = false;
      for (const player of options.players) {
        const r = await respond(player, from, round);
        if (typeof r === 'string') return finish(r, round);
        steps.push(r.step);
        if (r.step.moved) moves = { ...moves, ...r.best };
        moved ||= r.step.moved;
        if (r.budget) {
          cut = true;
          break;
        }
      }
      // Everyone moves at once: each step's profile is the one the round ends at.
      profile = withMoves(from, moves);
      for (const step of steps) path.push({ ...step, profile });
      if (cut) return finish('budget', round);
    } else {
      for (const player of options.players) {
        await prefetch([player], profile);
        const r = await respond(player, profile, round);
        if (typeof r === 'string') return finish(r, round);
        if (r.step.moved) profile = withMoves(profile, r.best);
        path.push({ ...r.step, profile });
        moved ||= r.step.moved;
        if (r.budget) return finish('budget', round);
      }
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

  /**
   * Hands the players' planned points at `at` (their start first, on every seed; the rest on the
   * seeds a first racing step would run) to `batch`, when their searches plan them beforehand and
   * the budget covers them. Points a player has observed already are left out.
   */
  async function prefetch(players: readonly Player[], at: Assignment): Promise<void> {
    if (options.batch === undefined || options.plannedPoints === undefined) return;
    const firstStep = options.racing ? options.seeds.slice(0, Math.min(options.seeds.length, options.racing.minSeeds)) : options.seeds;
    const requests: BatchRequest[] = [];
    let runs = 0;
    for (const player of players) {
      const points = options.plannedPoints(player);
      if (points === null) continue;
      const cache = caches.get(player.agent)!;
      const fresh = (a: Assignment, seeds: readonly string[]): Assignment | null => {
        const full = roundFloats({ ...at, ...a });
        const known = cache.get(assignmentKey(full));
        return seeds.some((s) => known?.has(s) !== true) ? full : null;
      };
      const own = Object.fromEntries(player.space.map((p) => [p.name, at[p.name]]));
      const start = fresh(own, options.seeds);
      const ownKey = assignmentKey(roundFloats({ ...at, ...own }));
      const rest = points.map((p) => fresh(p, firstStep)).filter((a): a is Assignment => a !== null && assignmentKey(a) !== ownKey);
      const unique = [...new Map(rest.map((a) => [assignmentKey(a), a])).values()];
      if (start !== null) requests.push({ player, profiles: [start], seeds: options.seeds });
      if (unique.length > 0) requests.push({ player, profiles: unique, seeds: firstStep });
      runs += (start === null ? 0 : options.seeds.length) + unique.length * firstStep.length;
    }
    if (requests.length === 0) return;
    // Never run ahead what the budget would not let the searches ask for.
    if (options.maxEvaluations != null && used + runs > options.maxEvaluations) return;
    await options.batch(requests);
  }
}
