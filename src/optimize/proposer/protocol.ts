// Protocol 1 between paysim and an external proposer (docs/optimize.md, "External proposers"):
// the request paysim writes to the proposer's stdin — everything a proposer needs to choose the
// next trial, and nothing it must remember itself — built from the search's history.

import { type ConstraintSpec, constraintLabel, type Objective, type SearchedParameter } from '../config.js';
import type { RacingOptions } from '../racing.js';
import type { Trial, TrialStatus } from '../search.js';
import type { Assignment } from '../space.js';
import { PROTOCOL } from './validate.js';

/**
 * A trial's assignment holds its parameters and, for each agent whose policy a proposal
 * replaced, `policy:AGENT` → the tree's hash (part of the trial's identity; parameter names
 * cannot contain ':').
 */
export const TREE_KEY = 'policy:';

export function parametersOf(a: Assignment): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith(TREE_KEY)));
}

export function treesOf(a: Assignment): Record<string, string> {
  return Object.fromEntries(Object.entries(a).flatMap(([k, v]) => (k.startsWith(TREE_KEY) ? [[k.slice(TREE_KEY.length), String(v)]] : [])));
}

export function withTrees(parameters: Assignment, trees: Readonly<Record<string, string>>): Assignment {
  return { ...parameters, ...Object.fromEntries(Object.entries(trees).map(([agent, hash]) => [`${TREE_KEY}${agent}`, hash])) };
}

/** Agent → cost metric → mean over the trial's seeds. */
export type AgentBreakdown = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface TrialRecord {
  readonly trial: number;
  readonly key: string;
  readonly status: TrialStatus;
  readonly reason: string;
  readonly parameters: Record<string, unknown>;
  /** Agent → tree hash (the document is under `trees`). */
  readonly policies: Record<string, string>;
  readonly proposal: number | null;
  readonly rationale: string | null;
  readonly seeds: readonly string[];
  readonly values: readonly number[];
  readonly mean: number | null;
  /** Constraint (in words) → mean over the seeds run. */
  readonly constraint_means: Record<string, number>;
  readonly versus: {
    readonly incumbent: string;
    readonly n: number;
    readonly mean_difference: number;
    readonly ci95: readonly [number, number] | null;
    readonly p_worse: number | null;
  } | null;
  readonly agents: AgentBreakdown;
}

export interface ProposerRequest {
  readonly protocol: typeof PROTOCOL;
  readonly optimization_id: string;
  readonly experiment: string;
  /** The number this answer will be stored under. */
  readonly proposal: number;
  readonly objective: Objective;
  readonly constraints: readonly ConstraintSpec[];
  readonly space: ReadonlyArray<{
    readonly name: string;
    readonly type: SearchedParameter['type'];
    readonly bounds?: readonly [number, number];
    readonly values?: readonly unknown[];
    readonly path: string;
    readonly agent: string | null;
  }>;
  /** Agents whose policy an answer may replace, and their policies as the scenario has them. */
  readonly policy_agents: readonly string[];
  readonly policies: Readonly<Record<string, unknown>>;
  /** The start: trial 0, run before the first proposal. */
  readonly baseline: { readonly parameters: Record<string, unknown> };
  readonly seeds: readonly string[];
  readonly racing: { readonly min_seeds: number; readonly alpha: number; readonly block: number } | null;
  readonly budget: {
    readonly evaluations: number | null;
    readonly evaluations_used: number;
    readonly evaluations_left: number | null;
    readonly seconds: number | null;
    readonly seconds_left: number | null;
  };
  readonly incumbent: { readonly trial: number; readonly key: string; readonly mean: number } | null;
  readonly trials: readonly TrialRecord[];
  /** Tree hash → policy document, each tree once. */
  readonly trees: Readonly<Record<string, unknown>>;
}

export interface RequestInput {
  readonly optimizationId: string;
  readonly experiment: string;
  readonly proposal: number;
  readonly parameters: readonly SearchedParameter[];
  readonly objective: Objective;
  readonly constraints: readonly ConstraintSpec[];
  readonly policyAgents: readonly string[];
  readonly policies: Readonly<Record<string, unknown>>;
  readonly start: Assignment;
  readonly seeds: readonly string[];
  readonly racing: RacingOptions | null;
  readonly maxEvaluations: number | null;
  readonly maxSeconds: number | null;
  readonly secondsUsed: number;
  readonly evaluations: number;
  readonly trials: readonly Trial[];
  readonly incumbent: Trial | null;
  readonly breakdown: (trial: Trial) => AgentBreakdown;
  readonly tree: (hash: string) => unknown;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function buildRequest(input: RequestInput): ProposerRequest {
  const labels = input.constraints.map(constraintLabel);
  const hashes = new Set<string>();
  const trials = input.trials.map((t): TrialRecord => {
    const policies = treesOf(t.assignment);
    for (const h of Object.values(policies)) hashes.add(h);
    for (const h of Object.values(t.note?.trees ?? {})) hashes.add(h);
    return {
      trial: t.index,
      key: t.key,
      status: t.status,
      reason: t.reason,
      parameters: parametersOf(t.assignment),
      policies: Object.keys(policies).length > 0 ? policies : { ...(t.note?.trees ?? {}) },
      proposal: t.note?.proposal ?? null,
      rationale: t.note?.rationale ?? null,
      seeds: t.seeds,
      values: t.values,
      mean: finite(t.mean),
      constraint_means: Object.fromEntries(t.constraint_means.map((m, i) => [labels[i]!, m])),
      versus: t.versus && {
        incumbent: t.versus.incumbent,
        n: t.versus.n,
        mean_difference: t.versus.mean_difference,
        ci95: t.versus.ci,
        p_worse: t.versus.p_worse,
      },
      agents: input.breakdown(t),
    };
  });
  const left = (max: number | null, used: number): number | null => (max === null ? null : Math.max(0, max - used));
  return {
    protocol: PROTOCOL,
    optimization_id: input.optimizationId,
    experiment: input.experiment,
    proposal: input.proposal,
    objective: input.objective,
    constraints: input.constraints,
    space: input.parameters.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.type === 'choice' ? { values: p.values } : { bounds: [p.low, p.high] as const }),
      path: p.path,
      agent: p.agent,
    })),
    policy_agents: input.policyAgents,
    policies: input.policies,
    baseline: { parameters: parametersOf(input.start) },
    seeds: input.seeds,
    racing: input.racing && { min_seeds: input.racing.minSeeds, alpha: input.racing.alpha, block: input.racing.block },
    budget: {
      evaluations: input.maxEvaluations,
      evaluations_used: input.evaluations,
      evaluations_left: left(input.maxEvaluations, input.evaluations),
      seconds: input.maxSeconds,
      seconds_left: left(input.maxSeconds, input.secondsUsed),
    },
    incumbent: input.incumbent && { trial: input.incumbent.index, key: input.incumbent.key, mean: input.incumbent.mean },
    trials,
    trees: Object.fromEntries([...hashes].map((h) => [h, input.tree(h)])),
  };
}
