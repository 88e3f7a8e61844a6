// The report page: one self-contained HTML file (styles, data, the Vega runtime and the charts'
// specs inline), so it opens offline from a mail attachment or a CI artifact. No timestamps or
// random ids, so the same inputs always give the same bytes.

import type { CandidateComparison, MetricComparison } from '../compare.js';
import { decimal, formatP } from '../number-text.js';
import { chartList } from './chart-list.js';
import type { Chart } from './charts.js';
import type { ReportData } from './report-data.js';
import { escapeScript, scriptJson, vegaRuntime } from './vega-runtime.js';
import { escapeHtml, table } from './html-parts.js';
import { optimizationSections } from './optimization-section.js';

export { escapeHtml, table };

/** Every chart the data supports, in page order. */
export function reportCharts(data: ReportData): Chart[] {
  return chartList(data, data.runs.variants);
}

function num(x: number | null): string {
  if (x === null) return '–';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  return decimal(x);
}

const interval = (ci: readonly [number, number] | null): string => (ci === null ? '–' : `[${num(ci[0])}, ${num(ci[1])}]`);
const p = (x: number | null): string => (x === null ? '–' : formatP(x));
const share = (x: number): string => `${(x * 100).toFixed(0)}%`;

const METRIC_HEAD = ['metric', 'better', 'n', 'baseline mean', 'candidate mean', 'mean diff', 'CI (t)', 'CI (bootstrap)', 't', 'p (t)', 'p (Wilcoxon)', 'p (Holm)', 'improved', 'worst pair'];

function metricRow(m: MetricComparison): string[] {
  return [
    m.metric,
    m.direction,
    String(m.n),
    num(m.baseline_mean),
    num(m.candidate_mean),
    num(m.mean_difference),
    interval(m.ci_t),
    interval(m.ci_bootstrap),
    num(m.t),
    p(m.p_t),
    p(m.p_wilcoxon),
    p(m.p_holm),
    share(m.share_improved),
    `seed ${m.worst_pair.key}: ${num(m.worst_pair.difference)}`,
  ];
}


function candidateSection(baseline: string, c: CandidateComparison, confidence: number): string {
  const parts = [
    `<h3>${escapeHtml(c.variant)} vs ${escapeHtml(baseline)}</h3>`,
    `<p class="note">${c.pairs} pairs (same seed and grid point); unpaired runs: ${c.unpaired_baseline} baseline, ${c.unpaired_candidate} candidate. Differences are candidate − baseline; intervals cover ${(confidence * 100).toFixed(0)}%.</p>`,
    table(METRIC_HEAD, c.metrics.map(metricRow), 'stats'),
  ];
  if (c.agents !== null && c.agents.length > 0) {
    parts.push(`<h4>By agent</h4>`);
    parts.push(table(['agent', ...METRIC_HEAD], c.agents.flatMap((a) => a.metrics.map((m) => [a.agent, ...metricRow(m)])), 'stats'));
  }
  return parts.join('\n');
}

function comparisonSection(data: ReportData): string {
  if (data.grid.length > 1) return data.grid.map((g, i) => pointSection(g.comparison, g.label, `comparison-${i + 1}`)).join('\n');
  const pooled = data.pooled ? ' (POOLED over all grid points: effects of different points averaged together)' : '';
  return pointSection(data.comparison, pooled, 'comparison');
}

/** The comparison at one grid point (`label`), or of the whole experiment. */
function pointSection(c: ReportData['comparison'], label: string, id: string): string {
  const at = label === '' || label.startsWith(' ') ? label : ` at grid point ${label}`;
  if (c === null) return `<section><h2>Comparison${escapeHtml(at)}</h2><p class="note">Only one variant: nothing to compare.</p></section>`;
  const parts = [`<section id="${id}"><h2>Comparison against ${escapeHtml(c.baseline)}${escapeHtml(at)}</h2>`];
  if (c.ranking.length > 1) {
    parts.push('<h3>Ranking</h3>');
    parts.push(table(['rank', 'variant', 'metric', 'mean improvement', 'p (Holm)'], c.ranking.map((r) => [String(r.rank), r.variant, r.metric, num(r.mean_improvement), p(r.p_holm)])));
  }
  for (const cand of c.candidates) parts.push(candidateSection(c.baseline, cand, c.confidence));
  parts.push('</section>');
  return parts.join('\n');
}

function verdictSection(data: ReportData): string {
  const v = data.verdict;
  if (v === null) return '';
  const items = v.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return `<section id="verdict" class="verdict ${v.decision}"><h2>Verdict: ${v.decision}</h2><ul>${items}</ul></section>`;
}

function chartSection(charts: readonly Chart[]): string {
  if (charts.length === 0) return '<section><h2>Charts</h2><p class="note">No data to chart.</p></section>';
  const figures = charts.map(
    (c) => `<figure><figcaption><strong>${escapeHtml(c.title)}</strong> ${escapeHtml(c.caption)}</figcaption><div class="chart" id="${c.id}"></div></figure>`,
  );
  return `<section id="charts"><h2>Charts</h2>\n${figures.join('\n')}\n</section>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{margin-bottom:4px}h2{border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
.note{color:#555}table{border-collapse:collapse;margin:8px 0 16px;font-size:12px}
th,td{border:1px solid #ddd;padding:3px 6px;white-space:nowrap}th{background:#f4f4f4;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:16px 0}figcaption{margin-bottom:6px}.chart{overflow-x:auto}
.verdict{padding:8px 16px;border-radius:6px}.verdict.accept{background:#e7f6e7}.verdict.reject{background:#fbe9e9}
#render-error{color:#a00;white-space:pre-wrap}`;

// Renders every chart as SVG (crisp, and countable by the tests); sets data-rendered on <body> to
// "ok" or "error" when done, and keeps the views on window for inspection.
const BOOT = `
(function () {
  var charts = JSON.parse(document.getElementById('paysim-charts').textContent);
  var pending = charts.map(function (c) {
    return vegaEmbed('#' + c.id, c.spec, { renderer: 'svg', actions: false });
  });
  Promise.all(pending).then(function (results) {
    window.paysimViews = results.map(function (r) { return r.view; });
    document.body.setAttribute('data-rendered', 'ok');
  }, function (error) {
    var el = document.getElementById('render-error');
    el.textContent = 'Chart rendering failed: ' + (error && error.message ? error.message : String(error));
    document.body.setAttribute('data-rendered', 'error');
  });
})();`;

export function renderReport(data: ReportData): string {
  const r = data.runs;
  const body = `<h1>${escapeHtml(data.title)}</h1>
${data.description ? `<p>${escapeHtml(data.description)}</p>` : ''}
<p class="note">${r.ok} runs finished${r.failed > 0 ? `, ${r.failed} failed (left out)` : ''}; variants: ${escapeHtml(r.variants.join(', '))}; ${r.seeds} seeds.${r.unpaired_variants.length > 0 ? ` Not compared (no seed in common with the baseline): ${escapeHtml(r.unpaired_variants.join(', '))}.` : ''} ${escapeHtml(data.generator)}.</p>
<p id="render-error"></p>
${verdictSection(data)}
${optimizationSections(data.optimizations)}
${comparisonSection(data)}`;
  return renderPage({ title: data.title, generator: data.generator, body, charts: reportCharts(data), data: { comparison: data.comparison, grid: data.grid, verdict: data.verdict } });
}

export interface PageInput {
  readonly title: string;
  readonly generator: string;
  /** The page's HTML before the charts (it should hold a `<p id="render-error">`). */
  readonly body: string;
  readonly charts: readonly Chart[];
  /** Embedded as JSON for readers of the file. */
  readonly data: unknown;
}

/** A self-contained page: the body, then the charts section, the Vega runtime and the boot script. */
export function renderPage(page: PageInput): string {
  const runtime = vegaRuntime()
    .map((s) => `<script data-lib="${escapeHtml(s.name)}">${escapeScript(s.source)}</script>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(page.generator)}">
<title>${escapeHtml(page.title)} — paysim report</title>
<style>${STYLE}</style>
</head>
<body>
${page.body}
${chartSection(page.charts)}
<script type="application/json" id="paysim-charts">${scriptJson(page.charts.map((c) => ({ id: c.id, spec: c.spec })))}</script>
<script type="application/json" id="paysim-data">${scriptJson(page.data)}</script>
${runtime}
<script>${escapeScript(BOOT)}</script>
</body>
</html>
`;
}
