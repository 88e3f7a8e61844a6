// A stand-in for src/policy/resolve.ts: accepts every policy spec whose `type` is a string and
// names it after that type, or returns the issues a test put in `rejectPolicies`.
// Use with: vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

import { createHash } from 'node:crypto';
import type { ValidationIssue } from '../../src/input/issues.js';
import type { PolicyResolution, PolicySpecContext } from '../../src/policy/resolve.js';

export const calls: Array<{ spec: unknown; context: PolicySpecContext }> = [];
/** Issues to return for the spec at a given path (`agents[1].policy`). */
export const rejectPolicies = new Map<string, ValidationIssue[]>();

export function resolvePolicySpec(spec: unknown, context: PolicySpecContext): PolicyResolution {
  calls.push({ spec, context });
  const issues = rejectPolicies.get(context.path);
  if (issues) return { ok: false, issues };
  const name = typeof spec === 'object' && spec !== null && 'type' in spec ? String(spec.type) : '?';
  return {
    ok: true,
    policy: {
      name,
      hash: createHash('sha256').update(JSON.stringify(spec)).digest('hex'),
      document: spec,
      compile() {
        throw new Error('policy-mock: compile() is not available in config tests');
      },
    },
  };
}
