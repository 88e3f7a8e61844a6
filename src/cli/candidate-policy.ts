// `--policy AGENT=FILE` of `paysim replay`: the flag's text → the resolved candidate policy.

import { ValidationError } from '../input/issues.js';
import { resolvePolicySpec, type ResolvedPolicy } from '../policy/resolve.js';
import { CliError } from './errors.js';

/** `AGENT=FILE` or `AGENT=Fifo` (a built-in type) → the resolved candidate policy. */
export function candidatePolicy(text: string): { agent: string; policy: ResolvedPolicy } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new CliError(`--policy: expected AGENT=FILE (or AGENT=Fifo), got '${text}'`);
  const agent = text.slice(0, at);
  const value = text.slice(at + 1);
  const spec = /^(Fifo|Deadline|LiquidityAware|LiquiditySplitting)$/.test(value) ? { type: value } : { type: 'Tree', file: value };
  const resolved = resolvePolicySpec(spec, { file: '--policy', baseDir: process.cwd(), path: agent });
  if (!resolved.ok) throw new ValidationError(resolved.issues);
  return { agent, policy: resolved.policy };
}
