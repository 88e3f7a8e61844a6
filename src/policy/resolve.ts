// Resolves an `agents[i].policy` spec (built-in or Tree) into a validated, compiled policy.
// STUB: the policy DSL (issue 5) replaces this file with the real implementation, keeping the
// exported names and signatures.

import type { ValidationIssue } from '../config/issues.js';
import type { CompiledPolicy } from './decision.js';

export interface PolicySpecContext {
  /** The file the spec stands in (for messages), e.g. `scenarios/x.yaml` or `<inline>`. */
  readonly file: string;
  /** Directory that `file:` paths are relative to; null where files are not allowed (HTTP). */
  readonly baseDir: string | null;
  /** Path of the spec inside its document, e.g. `agents[2].policy`. */
  readonly path: string;
}

/** A policy that passed validation: its effective document and identity, compiled lazily. */
export interface ResolvedPolicy {
  /** policy_id of the effective document. */
  readonly name: string;
  /** SHA-256 (hex) of the effective document in RFC 8785 canonical JSON. */
  readonly hash: string;
  /** The effective document (parameters merged, `$schema` removed). */
  readonly document: unknown;
  compile(): CompiledPolicy;
}

export type PolicyResolution =
  | { readonly ok: true; readonly policy: ResolvedPolicy }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function resolvePolicySpec(spec: unknown, context: PolicySpecContext): PolicyResolution {
  void spec;
  void context;
  throw new Error('resolvePolicySpec: not implemented yet (policy DSL issue)');
}
