// An optimisation as the report shows it, built from its stored rows (store-rows.ts): the search
// path (every trial's objective and the incumbent after each trial), and in equilibrium mode each
// agent's parameters and cost over the rounds, the regrets and the path; the confirmation's rows.
// Pure: nothing here reads the store.

import { isRecord } from '../../input/json-path.js';
import type { AgentMetricRow, RunMetricRow } from '../pairing.js';
import type { StoredOptimization, StoredTrial } from './store-rows.js';

/** One trial on the search path. */
export interface PathPoint {
  readonly trial: number;
  /** Equilibrium mode: the agent searching (its own objective); '' in search mode. */
  readonly agent: string;
  /** The search the trial belongs to (`round 2, BANK_A`; '' in search mode): the incumbent line restarts with each. */
  readonly search: string;
  readonly status: string;
  /**
   * The trial's mean over the seeds it ran; for a raced-out trial, the paired estimate the method
   * was told (the incumbent's mean + the mean difference on the seeds both ran), because its own
   * mean over a few seeds is not comparable with means over all of them.
   */
  readonly objective: number;
  /** The incumbent's mean after this trial. */
  readonly incumbent: number | null;
  readonly variant: string;
  readonly parameters: string;
  readonly seeds: number;
  readonly reason: string;
}

/** A parameter's value after a step of the rounds: position 0 is the start, round r ends at r. */
export interface ParameterPoint {
  readonly position: number;
  readonly label: string;
  readonly parameter: string;
  readonly value: number;
}

/** The moving agent's own objective before its step and at the response it took. */
export interface CostPoint {
  readonly position: number;
  readonly label: string;
  readonly agent: string;
  readonly before: number;
  readonly after: number;
  readonly moved: boolean;
}

export interface PathStep {
  readonly round: number;
  readonly agent: string;
  readonly before: number;
  readonly best: number;
  readonly gain: number;
  readonly moved: boolean;
  readonly profile: Readonly<Record<string, unknown>>;
}

export interface EquilibriumView {
  readonly status: string;
  readonly rounds: number;
  readonly profile: Readonly<Record<string, unknown>>;
  /** Agent → its objective at the profile reached, and its regret (best deviation gain found in the last round). */
  readonly agents: ReadonlyArray<{ readonly agent: string; readonly objective: number | null; readonly regret: number }>;
  readonly steps: readonly PathStep[];
  readonly parameters: readonly ParameterPoint[];
  readonly costs: readonly CostPoint[];
}

/** One row of the confirmation: the objective (or the system's value), or one agent's. */
export interface ConfirmationRow {
  readonly who: string;
  readonly n: number;
  readonly baseline_mean: number;
  readonly winner_mean: number;
  readonly mean_difference: number;
  readonly ci: readonly [number, number] | null;
  readonly p_t: number | null;
  readonly p_wilcoxon: number | null;
}

export interface OptimizationView {
  readonly id: string;
  readonly mode: string;
  readonly method: string;
  readonly objective: string;
  readonly status: string;
  readonly stopped: string | null;
  readonly evaluations: number | null;
  readonly best: { readonly variant: string; readonly parameters: Readonly<Record<string, unknown>>; readonly mean: number } | null;
  /** The winner's variant (the best trial, or the profile reached), when the optimisation named one. */
  readonly winner: string | null;
  readonly winner_file: string | null;
  readonly path: readonly PathPoint[];
  readonly equilibrium: EquilibriumView | null;
  readonly confirmation: readonly ConfirmationRow[];
  readonly confirmation_seeds: number | null;
  readonly trials: readonly StoredTrial[];
}

const numberOr = (v: unknown, fallback: number | null = null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const recordAt = (o: Readonly<Record<string, unknown>> | null, key: string): Record<string, unknown> | null => {
  const v = o?.[key];
  return isRecord(v) ? v : null;
};

const short = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v));
const parameterText = (params: Readonly<Record<string, unknown>>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${short(v)}`)
    .join(' ');

/** Every trial but repeats (which cost nothing and add nothing), with the incumbent line. */
export function searchPath(trials: readonly StoredTrial[]): PathPoint[] {
  const out: PathPoint[] = [];
  let search = '';
  let incumbent: { variant: string; mean: number } | null = null;
  for (const t of trials) {
    const here = t.agent === null ? '' : `round ${t.round ?? '?'}, ${t.agent}`;
    if (here !== search) {
      search = here;
      incumbent = null;
    }
    if (t.status === 'repeat' || t.mean === null) continue;
    const estimated = t.status === 'raced_out' && incumbent !== null && incumbent.variant === t.incumbent && t.mean_difference !== null;
    const objective = estimated ? incumbent!.mean + t.mean_difference! : t.mean;
    if (t.status === 'incumbent' || t.status === 'accepted') incumbent = { variant: t.variant, mean: t.mean };
    out.push({
      trial: t.trial,
      agent: t.agent ?? '',
      search,
      status: t.status,
      objective,
      incumbent: incumbent?.mean ?? null,
      variant: t.variant,
      parameters: parameterText(t.params),
      seeds: t.seeds,
      reason: t.reason,
    });
  }
  return out;
}

function pathSteps(raw: unknown): PathStep[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isRecord).map((s) => ({
    round: Number(s['round']),
    agent: String(s['agent']),
    before: Number(s['before']),
    best: Number(s['best']),
    gain: Number(s['gain']),
    moved: s['moved'] === true,
    profile: isRecord(s['profile']) ? s['profile'] : {},
  }));
}

/**
 * Equilibrium mode over the rounds. Positions: 0 is the start (the first trial's profile); with n
 * agents, the k-th agent's step of round r is at r − 1 + k/n, so round r ends at r.
 */
export function equilibriumView(stored: StoredOptimization): EquilibriumView | null {
  const e = recordAt(stored.result, 'equilibrium');
  if (e === null) return null;
  const steps = pathSteps(e['path']);
  const agents = [...new Set(steps.map((s) => s.agent))];
  const n = Math.max(1, agents.length);
  const position = (i: number): number => {
    const s = steps[i]!;
    return s.round - 1 + (agents.indexOf(s.agent) + 1) / n;
  };
  const numeric = (profile: Readonly<Record<string, unknown>>): Array<[string, number]> =>
    Object.entries(profile).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  const start = stored.trials[0]?.params ?? {};
  const parameters: ParameterPoint[] = numeric(start).map(([parameter, value]) => ({ position: 0, label: 'start', parameter, value }));
  const costs: CostPoint[] = [];
  steps.forEach((s, i) => {
    const label = `round ${s.round}, ${s.agent}`;
    for (const [parameter, value] of numeric(s.profile)) parameters.push({ position: position(i), label, parameter, value });
    costs.push({ position: position(i), label, agent: s.agent, before: s.before, after: s.moved ? s.best : s.before, moved: s.moved });
  });
  const regret = recordAt(e, 'regret') ?? {};
  // An agent's objective at the profile reached: where its last step left it.
  const last = new Map(costs.map((c) => [c.agent, c.after]));
  return {
    status: String(e['status'] ?? ''),
    rounds: numberOr(e['rounds'], Math.max(0, ...steps.map((s) => s.round)))!,
    profile: recordAt(e, 'profile') ?? {},
    agents: Object.keys(regret).map((agent) => ({ agent, objective: last.get(agent) ?? null, regret: numberOr(regret[agent], 0)! })),
    steps,
    parameters,
    costs,
  };
}

function confirmationRow(who: string, s: Record<string, unknown>): ConfirmationRow {
  const ci = Array.isArray(s['ci_t']) && s['ci_t'].length === 2 ? ([Number(s['ci_t'][0]), Number(s['ci_t'][1])] as const) : null;
  return {
    who,
    n: Number(s['n']),
    baseline_mean: Number(s['baseline_mean']),
    winner_mean: Number(s['candidate_mean']),
    mean_difference: Number(s['mean_difference']),
    ci,
    p_t: numberOr(s['p_t']),
    p_wilcoxon: numberOr(s['p_wilcoxon']),
  };
}

export function optimizationView(stored: StoredOptimization): OptimizationView {
  const r = stored.result;
  const best = recordAt(r, 'best');
  const c = recordAt(r, 'confirmation');
  const byAgent = recordAt(c, 'by_agent');
  const confirmation = c === null ? [] : [confirmationRow(byAgent === null ? 'objective' : 'system', c), ...Object.entries(byAgent ?? {}).filter(([, s]) => isRecord(s)).map(([a, s]) => confirmationRow(a, s as Record<string, unknown>))];
  const named = [r?.['winner'], c?.['winner'], best?.['variant']].find((w): w is string => typeof w === 'string');
  const winner = named ?? null;
  return {
    id: stored.optimization_id,
    mode: stored.mode,
    method: stored.method,
    objective: stored.objective,
    status: stored.status,
    stopped: typeof r?.['stopped'] === 'string' ? r['stopped'] : null,
    evaluations: numberOr(r?.['evaluations']),
    best:
      best === null
        ? null
        : { variant: String(best['variant']), parameters: isRecord(best['parameters']) ? best['parameters'] : {}, mean: Number(best['mean']) },
    winner,
    winner_file: typeof r?.['winner_file'] === 'string' ? r['winner_file'] : null,
    path: searchPath(stored.trials),
    equilibrium: stored.mode === 'equilibrium' ? equilibriumView(stored) : null,
    confirmation,
    confirmation_seeds: confirmation[0]?.n ?? null,
    trials: stored.trials,
  };
}

/**
 * The runs the rest of the report compares: with optimisations, the baseline and the winners (the
 * confirmation's runs, and the winners' search runs); every other trial is in the optimisation section.
 */
export function winnerRuns<R extends RunMetricRow>(
  runs: readonly R[],
  agents: readonly AgentMetricRow[],
  views: readonly OptimizationView[],
): { runs: R[]; agents: AgentMetricRow[] } {
  if (views.length === 0) return { runs: [...runs], agents: [...agents] };
  const keep = new Set(['baseline', ...views.map((v) => v.winner).filter((w): w is string => w !== null)]);
  const kept = runs.filter((r) => keep.has(r.variant));
  if (kept.length === 0) return { runs: [...runs], agents: [...agents] };
  const keys = new Set(kept.map((r) => r.run_key));
  return { runs: kept, agents: agents.filter((a) => keys.has(a.run_key)) };
}
