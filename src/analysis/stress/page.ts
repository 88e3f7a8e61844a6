// `paysim stress --html`: the ranking, the failed × affected heat map and the phases of the
// top-ranked failure on one self-contained page (the report's page shell and Vega runtime).

import { cents } from '../number-text.js';
import { escapeHtml, renderPage, table } from '../report/html.js';
import type { PhasePoint } from '../../runner/stress/phases.js';
import { heatmapChart, phasesChart, rankingChart } from '../report/stress-charts.js';
import type { Chart } from '../report/charts.js';
import { RANK_METRICS } from './ranking.js';
import type { StressStudy } from './study.js';

const money = (x: number | null): string => (x === null ? '–' : cents(Math.round(x)));
const fix = (x: number | null, d = 2): string => (x === null ? '–' : x.toFixed(d));

export interface StressPageInput {
  readonly study: StressStudy;
  readonly scenario: string;
  readonly setting: string;
  readonly generator: string;
  /** The top-ranked failure's phases, when computed. */
  readonly phases: { readonly agent: string; readonly seed: string; readonly ticks: readonly PhasePoint[] } | null;
}

export function stressPage(input: StressPageInput): string {
  const { study } = input;
  const metric = RANK_METRICS[study.rank_by];
  const body = [
    `<h1>${escapeHtml(study.experiment)}</h1>`,
    `<p>Stress test of <code>${escapeHtml(input.scenario)}</code>: each participant fails in turn (${escapeHtml(input.setting)}); every failure run is paired with the baseline on the same seed (docs/stress.md). Baseline over ${study.baseline.seeds} seed(s). ${escapeHtml(input.generator)}.</p>`,
    '<p id="render-error"></p>',
    `<h2>Ranking by ${escapeHtml(metric.label)}</h2>`,
    table(
      ['rank', 'failed', 'change', '95% CI', 'unsettled value (own excl.)', 'Δ value', 'of which to the failed bank', 'of which between survivors', 'Δ count', 'affected banks', 'largest deterioration', 'smallest deterioration', 'Δ delay', 'Δ CB credit', 'trapped'],
      study.ranking.map((r) => [
        String(r.rank),
        r.agent,
        metric.unit === 'cents' ? money(r.change) : fix(r.change),
        r.ci === null ? '–' : `${metric.unit === 'cents' ? money(r.ci[0]) : fix(r.ci[0])} … ${metric.unit === 'cents' ? money(r.ci[1]) : fix(r.ci[1])}`,
        money(r.unsettled_value),
        money(r.unsettled_value_change),
        money(r.to_failed_change),
        money(r.knock_on_value_change),
        fix(r.unsettled_count_change, 1),
        fix(r.affected_banks, 1),
        r.deterioration_largest === null ? '–' : `${money(r.deterioration_largest.value)} (${r.deterioration_largest.agent})`,
        r.deterioration_smallest === null ? '–' : `${money(r.deterioration_smallest.value)} (${r.deterioration_smallest.agent})`,
        fix(r.delay_change),
        money(r.cb_credit_change),
        money(r.trapped),
      ]),
    ),
  ];
  const charts = [rankingChart(study.ranking, metric.label), heatmapChart(study.heatmap, study.ranking), input.phases === null ? null : phasesChart(input.phases.ticks, input.phases.agent, input.phases.seed)].filter(
    (c): c is Chart => c !== null,
  );
  return renderPage({ title: study.experiment, generator: input.generator, body: body.join('\n'), charts, data: { study, phases: input.phases } });
}
