// The comparison of `paysim compare` as tables: per grid point (or pooled), a ranking when there
// are several candidates, and per candidate one row per metric with the columns of the report.

import { el } from '../format.js';
import { type Cell, dataTable } from './data-table.js';
import { decimalText, intervalText, pText } from './numbers.js';
import type { CandidateRow, ComparisonDocument, GridPoint, MetricRow, PointComparison } from './shapes.js';

const HEAD = ['metric', 'better', 'n', 'baseline mean', 'candidate mean', 'mean diff', 'CI (t)', 'CI (bootstrap)', 'p (t)', 'p (Wilcoxon)', 'p (Holm)', 'improved', 'worst pair'];

const num = (field: keyof MetricRow, x: number | null): Cell => ({ text: decimalText(x), field, value: x });
const p = (field: keyof MetricRow, x: number | null): Cell => ({ text: pText(x), field, value: x });
const ci = (field: keyof MetricRow, x: readonly [number, number] | null): Cell => ({ text: intervalText(x), field, value: x });

/** Within one grid point the seed names the pair; pooled, the point is needed too. */
function metricCells(m: MetricRow, pooled: boolean): Cell[] {
  return [
    { text: m.metric, field: 'metric', value: m.metric },
    { text: m.direction, field: 'direction', value: m.direction },
    num('n', m.n),
    num('baseline_mean', m.baseline_mean),
    num('candidate_mean', m.candidate_mean),
    num('mean_difference', m.mean_difference),
    ci('ci_t', m.ci_t),
    ci('ci_bootstrap', m.ci_bootstrap),
    p('p_t', m.p_t),
    p('p_wilcoxon', m.p_wilcoxon),
    p('p_holm', m.p_holm),
    { text: `${(m.share_improved * 100).toFixed(0)}%`, field: 'share_improved', value: m.share_improved },
    { text: `seed ${pooled ? m.worst_pair.key : m.worst_pair.seed}: ${decimalText(m.worst_pair.difference)}`, field: 'worst_pair', value: m.worst_pair },
  ];
}

function candidateBlock(baseline: string, c: CandidateRow, confidence: number, pooled: boolean): HTMLElement {
  const block = el('div', 'candidate');
  block.dataset['variant'] = c.variant;
  block.append(el('h4', '', `${c.variant} vs ${baseline}`));
  block.append(
    el(
      'p',
      'muted',
      `${c.pairs} pairs (same seed and grid point); unpaired runs: ${c.unpaired_baseline} baseline, ${c.unpaired_candidate} candidate. ` +
        `Differences are candidate − baseline; intervals cover ${Math.round(confidence * 100)}%.`,
    ),
  );
  block.append(dataTable(HEAD, c.metrics.map((m) => metricCells(m, pooled))));
  if (c.agents !== null && c.agents.length > 0) {
    const byAgent = dataTable(
      ['agent', ...HEAD],
      c.agents.flatMap((a) => a.metrics.map((m) => [{ text: a.agent, field: 'agent', value: a.agent }, ...metricCells(m, pooled)])),
    );
    byAgent.classList.add('by-agent');
    block.append(el('h4', '', 'By agent'), byAgent);
  }
  return block;
}

function pointBlock(c: PointComparison, heading: string, pooled: boolean): HTMLElement {
  const block = el('div', 'comparison');
  block.dataset['point'] = JSON.stringify(c.grid_point);
  block.append(el('h3', '', heading));
  if (c.ranking.length > 1) {
    const rows = c.ranking.map((r) => [
      { text: String(r.rank) },
      { text: r.variant },
      { text: r.metric },
      { text: decimalText(r.mean_improvement), field: 'mean_improvement', value: r.mean_improvement },
      { text: pText(r.p_holm), field: 'p_holm', value: r.p_holm },
    ]);
    block.append(el('h4', '', 'Ranking'), dataTable(['rank', 'variant', 'metric', 'mean improvement', 'p (Holm)'], rows));
  }
  for (const cand of c.candidates) block.append(candidateBlock(c.baseline, cand, c.confidence, pooled));
  return block;
}

/** `label` names a grid point for people (the catalog's labels: `agents[*].credit_limit=×2`). */
export function comparisonTables(doc: ComparisonDocument, label: (point: GridPoint) => string): HTMLElement {
  const out = el('div', 'comparisons');
  out.append(
    el(
      'p',
      'muted',
      `Revision ${doc.revision}: ${doc.runs.ok} finished runs compared${doc.runs.failed > 0 ? ` (${doc.runs.failed} failed, left out)` : ''}` +
        (doc.pooled ? `; POOLED over ${doc.grid_points} grid points (effects of different points averaged together).` : '.'),
    ),
  );
  for (const c of doc.comparisons) {
    const where = label(c.grid_point);
    const at = doc.pooled ? ' (pooled)' : where === '' ? '' : ` at grid point ${where}`;
    out.append(pointBlock(c, `Against ${c.baseline}${at}`, doc.pooled));
  }
  return out;
}
