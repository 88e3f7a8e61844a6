// The search loop: asks a method for points, turns each into a parameter assignment (a trial),
// evaluates it seed by seed with common random numbers against the incumbent, races it out when
// a paired test shows it worse, and tells the method the trial's value. Evaluation is handed in
// (`evaluate`): stored simulations in `paysim optimize`, a test function in the tests.
//
// What the method is told: a completed trial's mean over the search seeds; a raced-out trial's
// paired estimate of that mean (incumbent's mean + the mean difference on the seeds it ran),
// which uses the common random numbers rather than comparing means over different seeds;
// for an infeasible trial (a constraint's mean on the wrong side of its bound), INFEASIBLE × (1 +
// the total violation), so that a method among infeasible points still moves towards feasibility
// and any feasible point beats every infeasible one (objectives must stay below 10^15).

import type { Direction } from '../analysis/metrics.js';
import type { PairedStats } from '../analysis/paired.js';
import { mean } from '../stats/summary.js';
import type { Method } from './method.js';
import { type RacingOptions, pWorse, racedOut, versus } from './racing.js';
import { type Assignment, assignmentAt, assignmentKey, type Parameter, pointOf, roundFloats } from './space.js';

/** What one run (one seed) of a trial gave. */
export interface Observation {
  readonly objective: number;
  /** Values of the constraint metrics, in the order of the constraints. */
  readonly constraints: readonly number[];
}

export interface Constraint {
  /** For messages: e.g. `settlement_rate_value ≥ 0.95`. */
  readonly label: string;
  readonly min: number | null;
  readonly max: number | null;
}

/** Runs the trial on these seeds (those it has not run yet) and returns one observation per seed. */
export type Evaluate = (trial: { key: string; assignment: Assignment }, seeds: readonly string[]) => Promise<Observation[]>;

export type TrialStatus = 'incumbent' | 'accepted' | 'rejected' | 'raced_out' | 'infeasible' | 'repeat' | 'budget' | 'invalid' | 'failed';

/** Where a trial came from when an external proposer made it (docs/optimize.md, "External proposers"). */
export interface TrialNote {
  /** The proposal's number in the optimisation (0, 1, …; the start trial is none). */
  readonly proposal: number;
  readonly rationale: string | null;
  /** Agent → SHA-256 of the policy tree the proposal gave it. */
  readonly trees: Readonly<Record<string, string>>;
}

/**
 * What a proposer hands the search: parameters to evaluate; a proposal that will not run
 * (`invalid`: refused by validation; `failed`: the proposer gave none), recorded as a trial
 * with its reason; or the end of the search (`stop`: 'done' when the proposer says so,
 * 'failures' when it kept failing).
 */
export type Proposal =
  | { readonly kind: 'candidate'; readonly assignment: Assignment; readonly note: TrialNote }
  | { readonly kind: 'invalid' | 'failed'; readonly reason: string; readonly assignment: Assignment; readonly note: TrialNote }
  | { readonly kind: 'stop'; readonly stop: 'done' | 'failures'; readonly reason: string };

/** Asks for the next proposal, given the trials so far, the incumbent and the runs used. */
export type Propose = (state: { readonly trials: readonly Trial[]; readonly incumbent: Trial | null; readonly evaluations: number }) => Promise<Proposal>;

export interface TrialVersus {
  readonly incumbent: string;
  readonly n: number;
  readonly mean_difference: number;
  readonly ci: readonly [number, number] | null;
  /** One-sided p value that the trial is worse than the incumbent. */
  readonly p_worse: number | null;
}

export interface Trial {
  readonly index: number;
  readonly key: string;
  readonly assignment: Assignment;
  /** Seeds run, in order, and the objective on each. */
  readonly seeds: readonly string[];
  readonly values: readonly number[];
  readonly mean: number;
  readonly constraint_means: readonly number[];
  readonly versus: TrialVersus | null;
  readonly status: TrialStatus;
  readonly reason: string;
  /** Runs this trial cost (seeds not run before for this assignment). */
  readonly evaluations: number;
  /** Set on trials an external proposer made. */
  readonly note?: TrialNote;
}

export interface SearchOptions {
  readonly space: readonly Parameter[];
  /** Where the points come from: a method, or else `propose` (an external proposer). */
  readonly method?: Method;
  readonly propose?: Propose;
  readonly seeds: readonly string[];
  readonly direction: Direction;
  readonly constraints?: readonly Constraint[];
  /** Runs (trial × seed) the search may use; null: no limit. */
  readonly maxEvaluations?: number | null;
  /** Wall time (ms) after which no new trial starts; null: no limit. */
  readonly maxMs?: number | null;
  /** Null: every trial runs every search seed. */
  readonly racing?: RacingOptions | null;
  /** The first trial (the incumbent to beat); the method's first point otherwise. */
  readonly start?: Assignment | null;
  readonly evaluate: Evaluate;
  readonly onTrial?: (trial: Trial) => Promise<void> | void;
  /** Observations already known (another search of the same evaluator): key → seed → observation. */
  readonly cache?: ObservationCache;
  /** Parameters held fixed (other agents' in equilibrium mode): part of every trial's assignment and key. */
  readonly context?: Assignment;
  readonly now?: () => number;
}

export type ObservationCache = Map<string, Map<string, Observation>>;

export interface SearchResult {
  readonly trials: readonly Trial[];
  /** The incumbent at the end (feasible and run on every search seed), or null. */
  readonly best: Trial | null;
  readonly evaluations: number;
  /** 'proposer': the external proposer kept failing (a proposer's own end is 'method'). */
  readonly stopped: 'method' | 'budget' | 'time' | 'proposer';
}

/** What an infeasible trial is worth to a method: more than any feasible objective (|x| < 10^15). */
export const INFEASIBLE = 1e15;

/** The mean of a trial's values; a trial that ran no seed has none (NaN, as the methods expect). */
const meanOf = (xs: readonly number[]): number => mean(xs) ?? NaN;

export async function search(options: SearchOptions): Promise<SearchResult> {
  const { space, seeds, direction } = options;
  const constraints = options.constraints ?? [];
  const cache: ObservationCache = options.cache ?? new Map();
  const now = options.now ?? (() => performance.now());
  const started = now();
  const sign = direction === 'lower' ? 1 : -1;
  const trials: Trial[] = [];
  let used = 0;
  let incumbent: { trial: Trial; bySeed: Map<string, number> } | null = null;
  let stopped: SearchResult['stopped'] = 'method';
  const decided = new Map<string, number>(); // key → value told to the method

  const over = (extra: number): SearchResult['stopped'] | null => {
    if (options.maxEvaluations != null && used + extra > options.maxEvaluations) return 'budget';
    if (options.maxMs != null && now() - started >= options.maxMs) return 'time';
    return null;
  };

  /** Runs `want` seeds of the trial (cached ones free); null when the budget forbids it. */
  const observe = async (key: string, assignment: Assignment, want: readonly string[]): Promise<Map<string, Observation> | null> => {
    const known = cache.get(key) ?? new Map<string, Observation>();
    cache.set(key, known);
    const missing = want.filter((s) => !known.has(s));
    if (missing.length > 0) {
      if (over(missing.length) !== null) return null;
      const got = await options.evaluate({ key, assignment }, missing);
      missing.forEach((s, i) => known.set(s, got[i]!));
      used += missing.length;
    }
    return known;
  };

  /** Total amount by which the constraints' means miss their bounds, and the first one missed. */
  const violation = (means: readonly number[]): { total: number; why: string | null } => {
    let total = 0;
    let why: string | null = null;
    for (const [i, c] of constraints.entries()) {
      const m = means[i]!;
      const miss = Math.max(c.min !== null ? c.min - m : 0, c.max !== null ? m - c.max : 0);
      if (miss > 0) {
        total += miss;
        why ??= `${c.label} not met (mean ${round(m)})`;
      }
    }
    return { total, why };
  };

  let note: TrialNote | undefined; // the proposal being evaluated, attached to the trial it makes
  const record = async (t: Trial): Promise<Trial> => {
    const noted = note === undefined ? t : { ...t, note };
    trials.push(noted);
    await options.onTrial?.(noted);
    return noted;
  };

  const evaluatePoint = async (assignment: Assignment): Promise<number | null> => {
    const clean = roundFloats({ ...options.context, ...assignment });
    const key = assignmentKey(clean);
    const seen = decided.get(key);
    if (seen !== undefined) {
      const first = trials.find((t) => t.key === key)!;
      await record({ ...first, index: trials.length, status: 'repeat', reason: `same parameters as trial ${first.index}`, evaluations: 0 });
      return seen;
    }
    const before = used;
    const ran: string[] = [];
    let stats: PairedStats | null = null;
    let dropped = false;
    // Without racing, or for the first trial, every search seed at once (the pool runs them in parallel).
    const steps = incumbent === null || !options.racing ? [seeds.length] : raceSteps(seeds.length, options.racing);
    for (const upto of steps) {
      const want = seeds.slice(ran.length, upto);
      const got = await observe(key, clean, want);
      if (got === null) {
        stopped = over(want.length) ?? 'budget';
        if (ran.length > 0) await record(trialOf(key, clean, ran, cache.get(key)!, stats, 'budget', `stopped by the ${stopped} limit after ${ran.length} seed(s)`, used - before));
        return null;
      }
      ran.push(...want);
      if (incumbent !== null) {
        stats = versus(objectives(ran, got), incumbent.bySeed, direction);
        if (options.racing && upto < seeds.length && racedOut(stats, options.racing)) {
          dropped = true;
          break;
        }
      }
    }
    const obs = cache.get(key)!;
    const { values, constraintMeans } = observed(ran, obs);
    const { total: missed, why } = violation(constraintMeans);
    let status: TrialStatus;
    let reason: string;
    let told: number;
    if (dropped && stats !== null && incumbent !== null) {
      status = 'raced_out';
      reason = `worse than ${incumbent.trial.key} after ${ran.length} seed(s): mean difference ${round(stats.mean_difference)}, one-sided p ${round(pWorse(stats) ?? 1)}`;
      told = sign * (incumbent.trial.mean + stats.mean_difference);
    } else if (why !== null) {
      status = 'infeasible';
      reason = why;
      told = INFEASIBLE * (1 + missed);
    } else if (incumbent === null) {
      status = 'incumbent';
      reason = 'first feasible trial';
      told = sign * meanOf(values);
    } else {
      const m = meanOf(values);
      const better = sign * (m - incumbent.trial.mean) < 0;
      status = better ? 'accepted' : 'rejected';
      reason = better
        ? `better than ${incumbent.trial.key} by ${round(Math.abs(m - incumbent.trial.mean))} on ${ran.length} seed(s)`
        : `not better than ${incumbent.trial.key} (mean difference ${round(m - incumbent.trial.mean)})`;
      told = sign * m;
    }
    const trial = await record(trialOf(key, clean, ran, obs, stats, status, reason, used - before));
    if (status === 'incumbent' || status === 'accepted') incumbent = { trial, bySeed: objectives(ran, obs) };
    decided.set(key, told);
    return told;
  };

  /** A trial's objective on each seed run and each constraint's mean over them. */
  function observed(ran: readonly string[], obs: ReadonlyMap<string, Observation>): { values: number[]; constraintMeans: number[] } {
    return {
      values: ran.map((s) => obs.get(s)!.objective),
      constraintMeans: constraints.map((_, i) => meanOf(ran.map((s) => obs.get(s)!.constraints[i]!))),
    };
  }

  function trialOf(
    key: string,
    assignment: Assignment,
    ran: readonly string[],
    obs: ReadonlyMap<string, Observation>,
    stats: PairedStats | null,
    status: TrialStatus,
    reason: string,
    evaluations: number,
  ): Trial {
    const { values, constraintMeans } = observed(ran, obs);
    return {
      index: trials.length,
      key,
      assignment,
      seeds: [...ran],
      values,
      mean: meanOf(values),
      constraint_means: constraintMeans,
      versus:
        stats === null || incumbent === null
          ? null
          : { incumbent: incumbent.trial.key, n: stats.n, mean_difference: stats.mean_difference, ci: stats.ci_t, p_worse: pWorse(stats) },
      status,
      reason,
      evaluations,
    };
  }

  if (options.start) {
    const first = await evaluatePoint(options.start);
    if (first === null) return { trials, best: null, evaluations: used, stopped };
    // The method starts from the same point; it gets the value from `decided` without a run.
  }
  if (options.propose) await proposed(options.propose);
  else if (options.method) {
    const method = options.method;
    let next = method.next();
    while (!next.done) {
      const value = await evaluatePoint(assignmentAt(space, next.value));
      if (value === null) break;
      next = method.next(value);
    }
  }
  const best = (incumbent as { trial: Trial } | null)?.trial ?? null;
  return { trials, best, evaluations: used, stopped };

  /** The proposer's loop: ask, record what will not run, evaluate the rest, until a stop or the budget. */
  async function proposed(propose: Propose): Promise<void> {
    for (;;) {
      // Asking costs the proposer's time (an LLM's money): not when no run could follow.
      const limit = over(1);
      if (limit !== null) return void (stopped = limit);
      const p = await propose({ trials, incumbent: (incumbent as { trial: Trial } | null)?.trial ?? null, evaluations: used });
      if (p.kind === 'stop') {
        if (p.stop === 'failures') stopped = 'proposer';
        return;
      }
      note = p.note;
      if (p.kind === 'candidate') {
        const value = await evaluatePoint(p.assignment);
        note = undefined;
        if (value === null) return;
        continue;
      }
      const clean = roundFloats({ ...options.context, ...p.assignment });
      await record({
        index: trials.length,
        key: `proposal-${p.note.proposal}`,
        assignment: clean,
        seeds: [],
        values: [],
        mean: NaN,
        constraint_means: [],
        versus: null,
        status: p.kind,
        reason: p.reason,
        evaluations: 0,
      });
      note = undefined;
    }
  }
}

/** The seed counts after each racing step: minSeeds, then `block` more at a time, up to n. */
export function raceSteps(n: number, racing: RacingOptions): number[] {
  const out: number[] = [];
  for (let k = Math.min(n, racing.minSeeds); ; k = Math.min(n, k + racing.block)) {
    out.push(k);
    if (k >= n) return out;
  }
}

function objectives(seeds: readonly string[], obs: ReadonlyMap<string, Observation>): Map<string, number> {
  return new Map(seeds.map((s) => [s, obs.get(s)!.objective]));
}

function round(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/** The method's start point for an assignment (the start of a local method). */
export function startPoint(space: readonly Parameter[], start: Assignment | null | undefined): number[] {
  return start ? pointOf(space, start) : space.map(() => 0.5);
}
