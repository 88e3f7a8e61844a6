// Whether a search is driven by an external proposer, and how: the section's `proposer:` and
// the `--proposer` / `--proposer-timeout` flags resolved into one spec, with the checks that
// make it usable — search mode only, not together with a method, and a budget, because a
// proposer need never stop by itself.

import { ValidationError, type ValidationIssue } from '../../input/issues.js';
import { isRecord } from '../../input/json-path.js';
import { OPTIMIZE, type OptimizeSpec } from '../config.js';

export interface ProposerSpec {
  readonly command: string;
  readonly timeoutMs: number;
  /** Proposals in a row that run nothing before the search stops. */
  readonly maxFailures: number;
  /** Agents whose policy a proposal may replace by a tree. */
  readonly treeAgents: readonly string[];
}

export interface ProposerFlags {
  readonly command?: string;
  readonly timeoutSeconds?: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 120;
export const DEFAULT_MAX_FAILURES = 3;

/**
 * The proposer, or null when a method searches. `agents` are the scenario's, in order: without
 * `optimize.agents`, a proposal may replace the objective's agent's policy, or any agent's when
 * the objective is the system's.
 */
export function resolveProposer(doc: Record<string, unknown>, file: string, spec: OptimizeSpec, agents: readonly string[], flags: ProposerFlags = {}): ProposerSpec | null {
  const section = doc[OPTIMIZE] as Record<string, unknown>;
  const raw = isRecord(section['proposer']) ? section['proposer'] : null;
  const command = flags.command ?? (typeof raw?.['command'] === 'string' ? raw['command'] : null);
  if (raw === null && command === null) return null;
  const issues: ValidationIssue[] = [];
  const issue = (path: string, message: string): void => void issues.push({ file, path, code: 'optimize', message });
  if (command === null) issue(`${OPTIMIZE}.proposer.command`, 'no proposer command: give it here or with --proposer');
  if (spec.mode === 'equilibrium') issue(`${OPTIMIZE}.mode`, 'a proposer drives search mode only, not equilibrium mode');
  if (raw?.['command'] !== undefined && section['method'] !== undefined) issue(`${OPTIMIZE}.method`, 'give a method or a proposer, not both (the proposer makes the trials)');
  if (spec.maxEvaluations === null && spec.maxSeconds === null) {
    issue(`${OPTIMIZE}.budget`, 'a proposer search needs budget.evaluations or budget.seconds (a proposer need never stop by itself)');
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const listed = spec.agents.length > 0 ? spec.agents : spec.objective.agent !== null ? [spec.objective.agent] : agents;
  return {
    command: command!,
    timeoutMs: 1000 * (flags.timeoutSeconds ?? (typeof raw?.['timeout_seconds'] === 'number' ? raw['timeout_seconds'] : DEFAULT_TIMEOUT_SECONDS)),
    maxFailures: typeof raw?.['max_failures'] === 'number' ? raw['max_failures'] : DEFAULT_MAX_FAILURES,
    treeAgents: listed,
  };
}
