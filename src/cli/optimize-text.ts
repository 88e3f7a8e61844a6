// The text `paysim optimize` prints: the trial table, the winner or the equilibrium, the
// confirmation on fresh seeds (and whether it holds up), runs requested and executed (the search's
// and the confirmation's apart), and a warning for a result on the search box's boundary.

import { formatP } from '../analysis/number-text.js';
import type { PairedStats } from '../analysis/paired.js';
import type { BoundaryHit, OptimizationReport } from '../optimize/optimization.js';
import { TREE_KEY } from '../optimize/proposer/protocol.js';
import { amount, table } from './format.js';

const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 97)}...` : text).replace(/\s+/g, ' ');

/** A mean, difference or bound as stored (exact to the hundredth of a cent), or '-'. */
const value = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '-' : amount(x));

/** A parameter value: reals to 6 significant digits (they come off a grid or a method's step). */
const parameter = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));

const p = (x: number | null): string => (x === null ? 'n/a' : formatP(x));

export function optimizationText(r: OptimizationReport): string {
  const stored = r.evaluations - r.search_runs_executed;
  const lines: string[] = [
    `${r.optimization_id}: ${r.mode} by ${r.method}, objective ${r.objective}; ${r.trials.length} trial(s), ` +
      `${r.evaluations} search run(s) requested, ${r.search_runs_executed} executed` +
      `${stored > 0 ? ` (${stored} were stored)` : ''}, stopped: ${r.stopped}`,
    '',
  ];
  const rows = r.trials.map((t, i) => [
    String(i),
    t.agent ? `${t.round}/${t.agent}` : '',
    t.key,
    Object.entries(t.assignment)
      // A proposed tree by the start of its hash (optimization_trees has it whole).
      .map(([k, v]) => `${k}=${typeof v === 'number' ? parameter(v) : k.startsWith(TREE_KEY) ? `${String(v).slice(0, 12)}…` : JSON.stringify(v)}`)
      .join(' '),
    String(t.seeds.length),
    value(t.mean),
    t.versus ? `${value(t.versus.mean_difference)} [${value(t.versus.ci?.[0])}, ${value(t.versus.ci?.[1])}]` : '',
    t.status,
    t.note?.rationale ? `${t.reason}; proposer: ${clip(t.note.rationale)}` : t.reason,
  ]);
  lines.push(table(['#', 'round', 'trial', 'parameters', 'seeds', 'mean', 'Δ vs incumbent [95% CI]', 'status', 'why'], rows));
  const c = r.confirmation;
  const notConfirmed = c !== null && c.confirmed === false;
  if (r.best) {
    const label = notConfirmed ? 'best on the search seeds (not confirmed, see below)' : 'best';
    lines.push('', `${label}: ${r.best.key} ${JSON.stringify(r.best.assignment)} mean ${value(r.best.mean)} on ${r.best.seeds.length} search seed(s)`);
  }
  if (r.equilibrium) {
    const e = r.equilibrium;
    lines.push(
      '',
      `equilibrium: ${e.status} after ${e.rounds} round(s) at ${JSON.stringify(e.profile)}`,
      ...Object.keys(e.regret).map((a) => `  ${a}: objective ${value(e.objective[a])}, regret ${value(e.regret[a])}`),
      'path:',
      ...e.path.map((s) => `  round ${s.round} ${s.agent}: ${value(s.before)} → best ${value(s.best)} (gain ${value(s.gain)})${s.moved ? ' moved' : ''} → ${JSON.stringify(s.profile)}`),
    );
  }
  if (r.on_boundary.length > 0) lines.push('', ...r.on_boundary.map((h) => `warning: ${boundaryText(h, r.equilibrium !== null)}`));
  if (c) {
    const versus = (s: PairedStats): string =>
      `baseline ${value(s.baseline_mean)}, winner ${value(s.candidate_mean)}, difference ${value(s.mean_difference)} ` +
      `(95% CI ${s.ci_t ? `[${value(s.ci_t[0])}, ${value(s.ci_t[1])}]` : 'n/a'}, paired t p ${p(s.p_t)}, Wilcoxon p ${p(s.p_wilcoxon)})`;
    const storedRuns = c.runs_requested - c.runs_executed;
    lines.push(
      '',
      `confirmation on ${c.seeds} fresh seed(s)${c.by_agent ? ' (the system)' : ''}: ${versus(c.stats)}`,
      `  ${c.runs_requested} confirmation run(s) requested (baseline and ${c.winner} on each fresh seed), ${c.runs_executed} executed${storedRuns > 0 ? ` (${storedRuns} were stored)` : ''}`,
    );
    for (const [agent, s] of Object.entries(c.by_agent ?? {})) lines.push(`  ${agent}: ${versus(s)}`);
    if (c.confirmed === true) {
      const ci = c.stats.ci_t;
      const significant = ci !== null && (ci[1] < 0 || ci[0] > 0);
      lines.push(`  confirmed: the winner's mean is better than the baseline's on the fresh seeds${significant ? '' : ' (not significant: the 95% interval includes 0)'}`);
    }
    if (notConfirmed) lines.push(`  NOT CONFIRMED: on the fresh seeds the winner is no better than the baseline; the search's result did not hold up`);
    lines.push(`  paysim compare --experiment ${r.experiment} --baseline baseline   (the runs are variants baseline and ${c.winner})`);
  }
  if (r.winner_file) lines.push('', `winner written to ${r.winner_file}${notConfirmed ? ' (not confirmed: its provenance says confirmed: false)' : ''}`);
  for (const [agent, file] of Object.entries(r.policy_files)) lines.push(`${agent}'s policy written to ${file}`);
  return lines.join('\n');
}

function boundaryText(h: BoundaryHit, equilibrium: boolean): string {
  const what = equilibrium ? 'the equilibrium' : 'the optimum';
  return `${h.parameter} = ${parameter(h.value)} is on the ${h.bound} bound of the search box [${parameter(h.bounds[0])}, ${parameter(h.bounds[1])}]: ${what} may lie outside it (widen the bounds to check)`;
}
