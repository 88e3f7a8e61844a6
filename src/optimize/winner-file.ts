// What `paysim optimize` leaves behind besides the store: the winner's file (its parameters, the
// variant that applies them, the provenance) and, for each agent whose Tree parameters were
// searched, a policy file — the document the winner's runs ran, as stored — that a scenario or a
// variant can name as it is.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PairedStats } from '../analysis/paired.js';
import type { SearchedParameter } from './config.js';
import { trialVariant, type VariantDocument } from './evaluator.js';
import type { Assignment } from './space.js';

/** The optimisation as the files describe it. */
export interface WinnerFacts {
  readonly optimization_id: string;
  readonly experiment: string;
  readonly experiment_file: string;
  readonly revision: number;
  readonly mode: string;
  readonly method: string;
  readonly objective: string;
  /** The winner: the best trial (search mode) or the profile reached (equilibrium mode). */
  readonly trial: string;
  readonly assignment: Assignment;
  readonly search: { readonly seeds: number; readonly mean: number } | null;
  readonly confirmation: {
    readonly seeds: number;
    /** Search mode: false when the winner is no better than the baseline on the fresh seeds. */
    readonly confirmed: boolean | null;
    readonly stats: PairedStats;
    readonly by_agent: Readonly<Record<string, PairedStats>> | null;
  } | null;
  readonly equilibrium: { readonly status: string; readonly rounds: number; readonly regret: Readonly<Record<string, number>> } | null;
  /** With an external proposer: the winner's variant (its proposed trees inline), the command and its rationale, the agents whose tree it proposed. */
  readonly variant?: VariantDocument;
  readonly proposer?: { readonly command: string; readonly rationale: string | null };
  readonly proposedTrees?: readonly string[];
}

const confirmed = (s: PairedStats): Record<string, unknown> => ({
  baseline_mean: s.baseline_mean,
  winner_mean: s.candidate_mean,
  mean_difference: s.mean_difference,
  ci95: s.ci_t,
  p_t: s.p_t,
  p_wilcoxon: s.p_wilcoxon,
});

function provenance(facts: WinnerFacts): Record<string, unknown> {
  const c = facts.confirmation;
  return {
    optimization_id: facts.optimization_id,
    experiment: facts.experiment,
    experiment_file: facts.experiment_file,
    revision: facts.revision,
    mode: facts.mode,
    method: facts.method,
    objective: facts.objective,
    trial: facts.trial,
    search: facts.search,
    confirmation: c
      ? {
          seeds: c.seeds,
          ...confirmed(c.stats),
          ...(c.by_agent ? { by_agent: Object.fromEntries(Object.entries(c.by_agent).map(([a, s]) => [a, confirmed(s)])) } : {}),
        }
      : null,
    equilibrium: facts.equilibrium,
    ...(facts.proposer ? { proposer: facts.proposer } : {}),
  };
}

/** Agent → its searched Tree parameters' values. */
function treeParameters(parameters: readonly SearchedParameter[], a: Assignment): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of parameters) {
    if (p.tree === null) continue;
    // A class's tree parameter is every member's (its paths name them, agents[M].policy.…).
    const owners = p.agent !== null ? [p.agent] : p.paths.map((path) => /^agents\[([^\]]+)\]/.exec(path)?.[1]).filter((x): x is string => x !== undefined);
    for (const agent of owners) (out[agent] ??= {})[p.tree] = a[p.name];
  }
  return out;
}

/** Where an agent's policy file goes: beside the winner's file (`x.json` → `x.BANK_A.policy.json`). */
export function policyFilePathFor(out: string, agent: string): string {
  return `${out.replace(/\.json$/i, '')}.${agent.replace(/[^A-Za-z0-9_.-]/g, '-')}.policy.json`;
}

/**
 * Writes the winner's file at `out` and a policy file per agent with searched Tree parameters
 * (`documents`: agent → the effective document a winner's run ran). Returns the policy files.
 */
export function writeWinnerFiles(
  out: string,
  facts: WinnerFacts,
  parameters: readonly SearchedParameter[],
  documents: ReadonlyMap<string, Record<string, unknown>>,
): Record<string, string> {
  const trees = treeParameters(parameters, facts.assignment);
  const policyFiles: Record<string, string> = {};
  mkdirSync(dirname(out), { recursive: true });
  for (const agent of new Set([...Object.keys(trees), ...(facts.proposedTrees ?? [])])) {
    const doc = documents.get(agent);
    if (doc === undefined) continue;
    const file = policyFilePathFor(out, agent);
    // The policy language allows free text only: the provenance goes into `description`, in full in the winner's file.
    const c = facts.confirmation;
    const note =
      `Found by paysim optimize ${facts.optimization_id} (${facts.mode} by ${facts.method}, objective ${facts.objective}); ` +
      (trees[agent] ? `parameters ${JSON.stringify(trees[agent])}` : 'its tree proposed by an external proposer') +
      (c ? `; on ${c.seeds} fresh seeds against the baseline: mean difference ${c.stats.mean_difference}, 95% CI ${JSON.stringify(c.stats.ci_t)}` : '') +
      `. Details: ${out}.`;
    writeFileSync(file, `${JSON.stringify({ ...doc, description: note }, null, 2)}\n`);
    policyFiles[agent] = file;
  }
  const content = {
    provenance: provenance(facts),
    parameters: facts.assignment,
    variant: facts.variant ?? trialVariant(parameters, facts.assignment),
    tree_parameters: Object.fromEntries(Object.entries(trees).map(([agent, values]) => [agent, { parameters: values }])),
    policy_files: policyFiles,
  };
  writeFileSync(out, `${JSON.stringify(content, null, 2)}\n`);
  return policyFiles;
}
