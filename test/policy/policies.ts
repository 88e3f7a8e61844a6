// Test shortcuts: resolve a policy spec or an inline document, failing loudly on any issue.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledPolicy } from '../../src/policy/decision.js';
import { resolvePolicySpec, type PolicySpecContext, type ResolvedPolicy } from '../../src/policy/resolve.js';

export const REPO = resolve(fileURLToPath(import.meta.url), '../../..');
export const SCENARIOS = resolve(REPO, 'scenarios');

export const SCENARIO_CONTEXT: PolicySpecContext = { file: 'scenario.yaml', baseDir: SCENARIOS, path: 'agents[3].policy' };

export function resolveOk(spec: unknown, context: PolicySpecContext = SCENARIO_CONTEXT): ResolvedPolicy {
  const r = resolvePolicySpec(spec, context);
  if (!r.ok) throw new Error(`expected a valid policy, got:\n${JSON.stringify(r.issues, null, 2)}`);
  return r.policy;
}

export function compileSpec(spec: unknown): CompiledPolicy {
  return resolveOk(spec).compile();
}

export function compileDocument(doc: unknown): CompiledPolicy {
  return compileSpec({ type: 'Tree', tree: doc });
}
