// The report's section for each optimisation of the experiment (docs/optimize.md, "Reading the
// report"): what was searched and what stopped it, the best trial, the confirmation on fresh
// seeds, in equilibrium mode the profile reached, each agent's regret and the path, and every
// trial. The charts are in optimization-charts.ts.

import { decimal, formatP } from '../number-text.js';
import type { ConfirmationRow, OptimizationView } from '../optimize/view.js';
import { escapeHtml, table } from './html-parts.js';

const num = (x: number | null): string => (x === null ? '–' : decimal(x));
const p = (x: number | null): string => (x === null ? '–' : formatP(x));
const interval = (ci: readonly [number, number] | null): string => (ci === null ? '–' : `[${num(ci[0])}, ${num(ci[1])}]`);
const json = (x: unknown): string => JSON.stringify(x);

function confirmationTable(rows: readonly ConfirmationRow[]): string {
  return table(
    ['of', 'n', 'baseline mean', 'winner mean', 'mean diff', 'CI (t)', 'p (t)', 'p (Wilcoxon)'],
    rows.map((r) => [r.who, String(r.n), num(r.baseline_mean), num(r.winner_mean), num(r.mean_difference), interval(r.ci), p(r.p_t), p(r.p_wilcoxon)]),
    'stats',
  );
}

function equilibriumPart(v: OptimizationView): string {
  const e = v.equilibrium;
  if (e === null) return '';
  return [
    `<h3>Equilibrium</h3>`,
    `<p>Status <strong>${escapeHtml(e.status)}</strong> after ${e.rounds} round(s), at ${escapeHtml(json(e.profile))}.</p>`,
    table(['agent', 'objective at the profile', 'regret (best gain found in the last round)'], e.agents.map((a) => [a.agent, num(a.objective), num(a.regret)]), 'regrets'),
    `<h4>Path</h4>`,
    table(
      ['round', 'agent', 'before', 'best response', 'gain', 'moved', 'profile after'],
      e.steps.map((s) => [String(s.round), s.agent, num(s.before), num(s.best), num(s.gain), s.moved ? 'yes' : 'no', json(s.profile)]),
      'path',
    ),
  ].join('\n');
}

function trialTable(v: OptimizationView): string {
  const rows = v.trials.map((t) => [
    String(t.trial),
    t.agent === null ? '' : `${t.round}/${t.agent}`,
    t.variant,
    Object.entries(t.params)
      .map(([k, x]) => `${k}=${typeof x === 'number' ? num(x) : json(x)}`)
      .join(' '),
    String(t.seeds),
    num(t.mean),
    t.mean_difference === null ? '' : `${num(t.mean_difference)} ${interval(t.ci)}`,
    p(t.p_worse),
    t.status,
    t.reason,
  ]);
  const head = ['#', 'round/agent', 'trial', 'parameters', 'seeds', 'mean', 'Δ vs incumbent [95% CI]', 'p worse', 'verdict', 'why'];
  return `<details><summary>All ${v.trials.length} trials</summary>\n${table(head, rows, 'trials')}\n</details>`;
}

function section(v: OptimizationView, index: number): string {
  const facts = [
    `${escapeHtml(v.mode)} by ${escapeHtml(v.method)}, objective ${escapeHtml(v.objective)}`,
    `${v.trials.length} trial(s)${v.evaluations === null ? '' : `, ${v.evaluations} run(s) asked for`}`,
    `status ${escapeHtml(v.status)}${v.stopped === null ? '' : `, stopped by: ${escapeHtml(v.stopped)}`}`,
  ];
  const parts = [`<section id="optimization-${index + 1}"><h2>Optimisation ${escapeHtml(v.id)}</h2>`, `<p class="note">${facts.join('; ')}.</p>`];
  if (v.best !== null) {
    parts.push(`<p>Best trial <strong>${escapeHtml(v.best.variant)}</strong> ${escapeHtml(json(v.best.parameters))}: mean ${num(v.best.mean)} on the search seeds (biased in its favour: read the confirmation).</p>`);
  }
  parts.push(equilibriumPart(v));
  if (v.confirmation.length > 0) {
    parts.push(
      `<h3>Confirmation on ${v.confirmation_seeds} fresh seed(s)</h3>`,
      `<p class="note">The winner (${escapeHtml(v.winner ?? '')}) against the baseline on seeds the search never used, paired by seed as <code>paysim compare</code> pairs them; differences are winner − baseline.</p>`,
      confirmationTable(v.confirmation),
    );
  } else {
    parts.push('<p class="note">No confirmation (the section has no <code>confirm_seeds</code>): the search means above are optimistic.</p>');
  }
  if (v.winner_file !== null) parts.push(`<p class="note">Winner written to <code>${escapeHtml(v.winner_file)}</code>.</p>`);
  parts.push(trialTable(v), '</section>');
  return parts.join('\n');
}

export function optimizationSections(views: readonly OptimizationView[]): string {
  return views.map(section).join('\n');
}
