// A proposal as a trial of the experiment: the variant that runs it (its parameters at their
// paths, each proposed tree inline as the agent's policy), and the check that the scenario
// accepts it — planned like any sweep, never run — with the problems put back in the answer's
// terms (`policies.BANK_A…`, `parameters.NAME`).

import { dirname } from 'node:path';
import { isRecord } from '../../input/json-path.js';
import { resolvePolicySpec } from '../../policy/index.js';
import type { SearchedParameter } from '../config.js';
import { trialVariant, type VariantDocument } from '../evaluator.js';
import { parameterAt, planningIssues } from '../probe.js';
import type { Assignment } from '../space.js';
import { treesOf } from './protocol.js';
import type { Problem } from './validate.js';

/** The variant of a trial; `tree` finds a proposed tree by its hash. */
export function proposalVariant(parameters: readonly SearchedParameter[], a: Assignment, tree: (hash: string) => unknown): VariantDocument {
  const trees = Object.entries(treesOf(a));
  const base = trialVariant(parameters, a);
  if (trees.length === 0) return base;
  return { ...base, policies: Object.fromEntries(trees.map(([agent, hash]) => [agent, { type: 'Tree', tree: tree(hash) }])) };
}

const PROBE = 'proposal';

/** What the scenario refuses in the variant (an override the tree does not declare, …), or nothing. */
export function scenarioProblems(doc: Record<string, unknown>, file: string, parameters: readonly SearchedParameter[], variant: VariantDocument): Problem[] {
  return planningIssues(doc, file, { [PROBE]: variant }).map((issue) => ({ path: answerPath(issue.path, parameters), message: issue.message }));
}

function answerPath(path: string, parameters: readonly SearchedParameter[]): string {
  const i = parameterAt(path, PROBE, parameters);
  if (i >= 0) return `parameters.${parameters[i]!.name}`;
  const policies = `variants.${PROBE}.policies.`;
  if (!path.startsWith(policies)) return path;
  const [agent, ...rest] = path.slice(policies.length).split('.');
  const inner = rest[0] === 'tree' ? rest.slice(1) : rest;
  return ['policies', agent, ...inner].join('.');
}

/**
 * The policies of these agents as the scenario runs them, as documents (a built-in as its
 * equivalent tree): what a proposer starts from when it proposes a tree.
 */
export function scenarioPolicies(scenarioFile: string, scenario: Record<string, unknown>, agents: readonly string[]): Record<string, unknown> {
  const list = Array.isArray(scenario['agents']) ? (scenario['agents'] as unknown[]) : [];
  const out: Record<string, unknown> = {};
  list.forEach((a, i) => {
    if (!isRecord(a) || !agents.includes(String(a['id']))) return;
    const resolved = resolvePolicySpec(a['policy'], { file: scenarioFile, baseDir: dirname(scenarioFile), path: `agents[${i}].policy` });
    if (resolved.ok) out[String(a['id'])] = resolved.policy.document;
  });
  return out;
}
