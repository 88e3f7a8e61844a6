// The comparison as terminal tables (compare and replay print the same layout).

import type { Comparison, MetricComparison } from '../analysis/compare.js';
import type { Verdict } from '../analysis/verdict.js';
import { decimal, formatP } from '../analysis/number-text.js';
import { table } from './format.js';

const n = (x: number | null): string => (x === null ? '-' : decimal(x));

const ci = (x: readonly [number, number] | null): string => (x === null ? '-' : `[${n(x[0])}, ${n(x[1])}]`);
const p = (x: number | null): string => (x === null ? '-' : formatP(x));

const HEAD = ['metric', 'better', 'n', 'baseline', 'candidate', 'diff', 'CI (t)', 'CI (bootstrap)', 'p (t)', 'p (Wilcoxon)', 'p (Holm)', 'improved', 'worst pair'];

function row(m: MetricComparison): string[] {
  return [
    m.metric,
    m.direction,
    String(m.n),
    n(m.baseline_mean),
    n(m.candidate_mean),
    n(m.mean_difference),
    ci(m.ci_t),
    ci(m.ci_bootstrap),
    p(m.p_t),
    p(m.p_wilcoxon),
    p(m.p_holm),
    `${Math.round(m.share_improved * 100)}%`,
    `${m.worst_pair.key}: ${n(m.worst_pair.difference)}`,
  ];
}

export function comparisonText(c: Comparison): string {
  const out: string[] = [];
  for (const cand of c.candidates) {
    out.push(`${cand.variant} vs ${c.baseline}: ${cand.pairs} pairs (unpaired: ${cand.unpaired_baseline} baseline, ${cand.unpaired_candidate} candidate); diff = candidate − baseline, ${Math.round(c.confidence * 100)}% intervals`);
    out.push(table(HEAD, cand.metrics.map(row)));
    if (cand.agents !== null && cand.agents.length > 0) {
      out.push('');
      out.push(table(['agent', ...HEAD], cand.agents.flatMap((a) => a.metrics.map((m) => [a.agent, ...row(m)]))));
    }
    out.push('');
  }
  if (c.ranking.length > 1) {
    out.push(`ranking by ${c.ranking[0]!.metric} (Holm-adjusted p over ${c.ranking.length} candidates)`);
    out.push(table(['rank', 'variant', 'mean improvement', 'p (Holm)'], c.ranking.map((r) => [String(r.rank), r.variant, n(r.mean_improvement), p(r.p_holm)])));
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function verdictText(v: Verdict): string {
  const lines = [`verdict: ${v.decision.toUpperCase()}`];
  for (const r of v.reasons) lines.push(`  - ${r}`);
  for (const g of v.guards) {
    lines.push(`  guard ${g.guard}: observed ${n(g.observed)}${g.where === null ? '' : ` (${g.where})`}, limit ${n(g.limit)}${g.broken ? ' — BROKEN' : ''}`);
  }
  return lines.join('\n');
}
