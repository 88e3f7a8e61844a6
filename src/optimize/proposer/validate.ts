// A proposer's answer checked before anything runs (protocol 1, docs/optimize.md): the envelope
// (protocol, known keys), the parameters against the searched space (names, types, bounds,
// choices), and every policy tree by the policy DSL's own validator — the one `paysim validate`
// uses — with paths inside the answer (`policies.BANK_A.payment_tree.on_true.action`). The
// trial's place in the scenario (overrides, agents) is checked afterwards by planning it
// (candidate.ts). What fails is an `invalid` proposal with every problem listed; never an error.

import { isRecord } from '../../input/json-path.js';
import { validatePolicyDocument } from '../../policy/index.js';
import { canonicalSha256 } from '../../runner/run-key.js';
import { type Parameter, parameterProblem, shortJson as short } from '../space.js';

export const PROTOCOL = 1;

export interface Problem {
  readonly path: string;
  readonly message: string;
}

export type Answer =
  | { readonly kind: 'done'; readonly rationale: string | null }
  | {
      readonly kind: 'candidate';
      readonly rationale: string | null;
      /** Every parameter: those given, the rest the incumbent's. */
      readonly parameters: Record<string, unknown>;
      /** Agent → policy document. */
      readonly trees: Record<string, unknown>;
    }
  | { readonly kind: 'invalid'; readonly rationale: string | null; readonly parameters: Record<string, unknown>; readonly problems: readonly Problem[] };

export interface AnswerContext {
  readonly space: readonly Parameter[];
  /** Agents whose policy a proposal may replace. */
  readonly treeAgents: readonly string[];
  /** The incumbent's parameters: what a proposal leaves out keeps. */
  readonly base: Readonly<Record<string, unknown>>;
}

const KEYS = ['protocol', 'parameters', 'policies', 'rationale', 'done'];

/** Checks a parsed answer. */
export function checkAnswer(value: unknown, ctx: AnswerContext): Answer {
  const problems: Problem[] = [];
  const rationale = isRecord(value) && typeof value['rationale'] === 'string' ? value['rationale'] : null;
  if (!isRecord(value)) return { kind: 'invalid', rationale, parameters: {}, problems: [{ path: '', message: `expected a JSON object, got ${kindOf(value)}` }] };
  for (const key of Object.keys(value)) if (!KEYS.includes(key)) problems.push({ path: key, message: `unknown key (expected: ${KEYS.join(', ')})` });
  if (value['protocol'] !== PROTOCOL) problems.push({ path: 'protocol', message: `expected ${PROTOCOL}, got ${short(value['protocol'])}` });
  if (value['rationale'] !== undefined && typeof value['rationale'] !== 'string') problems.push({ path: 'rationale', message: `expected a string, got ${kindOf(value['rationale'])}` });
  const done = value['done'];
  if (done !== undefined && done !== true) problems.push({ path: 'done', message: `expected true (or leave it out), got ${short(done)}` });
  const given = value['parameters'];
  const policies = value['policies'];
  if (done === true) {
    if (given !== undefined || policies !== undefined) problems.push({ path: 'done', message: 'a done answer proposes nothing: leave parameters and policies out' });
    return problems.length > 0 ? { kind: 'invalid', rationale, parameters: {}, problems } : { kind: 'done', rationale };
  }
  if (given === undefined && policies === undefined) problems.push({ path: '', message: 'expected parameters, policies (or both), or done: true' });

  const parameters: Record<string, unknown> = { ...ctx.base };
  if (given !== undefined && !isRecord(given)) problems.push({ path: 'parameters', message: `expected an object of parameter name → value, got ${kindOf(given)}` });
  for (const [name, v] of Object.entries(isRecord(given) ? given : {})) {
    const p = ctx.space.find((x) => x.name === name);
    const path = `parameters.${name}`;
    if (p === undefined) {
      problems.push({ path, message: `unknown parameter (parameters: ${ctx.space.map((x) => x.name).join(', ')})` });
      continue;
    }
    const wrong = parameterProblem(p, v);
    if (wrong !== null) problems.push({ path, message: wrong });
    else parameters[name] = v;
  }

  const trees: Record<string, unknown> = {};
  if (policies !== undefined && !isRecord(policies)) problems.push({ path: 'policies', message: `expected an object of agent → policy document, got ${kindOf(policies)}` });
  for (const [agent, doc] of Object.entries(isRecord(policies) ? policies : {})) {
    const path = `policies.${agent}`;
    if (!ctx.treeAgents.includes(agent)) {
      problems.push({ path, message: `a proposal may replace the policy of ${ctx.treeAgents.join(', ') || 'no agent'} only` });
      continue;
    }
    const issues = validatePolicyDocument(doc, '<proposal>', path);
    for (const issue of issues) problems.push({ path: issue.path, message: issue.message });
    if (issues.length === 0) trees[agent] = doc;
  }
  if (problems.length > 0) return { kind: 'invalid', rationale, parameters, problems };
  return { kind: 'candidate', rationale, parameters, trees };
}

/** Problems as one line: `path: message; …` (the first few, and how many more). */
export function problemText(problems: readonly Problem[], shown = 5): string {
  const lines = problems.slice(0, shown).map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
  if (problems.length > shown) lines.push(`… and ${problems.length - shown} more`);
  return lines.join('; ');
}

/** A tree's identity: the SHA-256 of its canonical JSON (the key of optimization_trees). */
export function treeHash(doc: unknown): string {
  return canonicalSha256(doc);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${short(v)}`;
}

