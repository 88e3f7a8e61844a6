// Charts of a stress study (docs/stress.md) as Vega-Lite specs for `paysim stress --html`: the
// ranking with its paired intervals, the failed × affected heat map, and the three phases of the
// top-ranked failure tick by tick.

import type { HeatCell } from '../stress/study.js';
import type { RankedFailure } from '../stress/ranking.js';
import type { PhasePoint } from '../../runner/stress/phases.js';
import { type Chart, VEGA_LITE_SCHEMA as SCHEMA } from './charts.js';

/** At most this many failures in the ranking chart and rows/columns in the heat map. */
const SHOWN = 40;

export function rankingChart(ranking: readonly RankedFailure[], label: string): Chart | null {
  const values = ranking.slice(0, SHOWN).map((r) => ({ agent: r.agent, rank: r.rank, change: r.change, lo: r.ci?.[0] ?? r.change, hi: r.ci?.[1] ?? r.change }));
  if (values.length === 0) return null;
  const y = { field: 'agent', type: 'nominal', title: 'failed participant', sort: { field: 'rank' } };
  return {
    id: 'chart-stress-ranking',
    title: 'Which failure hurts most',
    caption: `Change against the baseline on the same seed of the ${label}, mean over seeds, with its 95% paired t interval (top ${values.length}).`,
    spec: {
      $schema: SCHEMA,
      data: { values },
      width: 460,
      height: { step: 16 },
      layer: [
        { mark: { type: 'rule' }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: label }, x2: { field: 'hi' } } },
        { mark: { type: 'point', filled: true, tooltip: true }, encoding: { y, x: { field: 'change', type: 'quantitative' } } },
      ],
    },
  };
}

export function heatmapChart(cells: readonly HeatCell[], ranking: readonly RankedFailure[]): Chart | null {
  const failed = ranking.slice(0, SHOWN).map((r) => r.agent);
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.affected, (counts.get(c.affected) ?? 0) + c.share);
  const affected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, SHOWN).map(([a]) => a);
  const shownFailed = new Set(failed);
  const shownAffected = new Set(affected);
  const values = cells.filter((c) => shownFailed.has(c.failed) && shownAffected.has(c.affected));
  if (values.length === 0) return null;
  return {
    id: 'chart-stress-heatmap',
    title: 'Who is hit when whom fails',
    caption: 'Share of seeds on which a surviving bank (column) was secondarily affected when a participant (row) failed; rows in ranking order, columns the most often affected banks.',
    spec: {
      $schema: SCHEMA,
      data: { values },
      mark: { type: 'rect', tooltip: true },
      encoding: {
        y: { field: 'failed', type: 'nominal', title: 'failed participant', sort: failed },
        x: { field: 'affected', type: 'nominal', title: 'affected bank', sort: affected },
        color: { field: 'share', type: 'quantitative', title: 'share of seeds', scale: { domain: [0, 1], scheme: 'viridis' }, legend: { format: '%' } },
        tooltip: [
          { field: 'failed', title: 'failed' },
          { field: 'affected', title: 'affected' },
          { field: 'share', title: 'share of seeds', format: '.0%' },
          { field: 'unsettled_increase', title: 'extra unsettled value (cents, mean)', format: ',.0f' },
        ],
      },
    },
  };
}

export function phasesChart(ticks: readonly PhasePoint[], agent: string, seed: string): Chart | null {
  if (ticks.length === 0) return null;
  const x = { field: 'tick', type: 'quantitative', title: 'tick', axis: { tickMinStep: 1, format: 'd' } };
  const panel = (layer: Record<string, unknown>, title: string): Record<string, unknown> => ({ width: 520, height: 140, title, ...layer });
  const bothRuns = (pick: (t: PhasePoint) => number, pickBase: (t: PhasePoint) => number): Array<Record<string, unknown>> =>
    ticks.flatMap((t) => [
      { tick: t.tick, run: `${agent} fails`, value: pick(t) },
      { tick: t.tick, run: 'baseline', value: pickBase(t) },
    ]);
  const twoLines = (values: Array<Record<string, unknown>>, title: string): Record<string, unknown> =>
    panel(
      {
        data: { values },
        mark: { type: 'line', interpolate: 'step-after', tooltip: true },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'cents' }, color: { field: 'run', type: 'nominal', title: 'run' }, strokeDash: { field: 'run', type: 'nominal' } },
      },
      title,
    );
  return {
    id: 'chart-stress-phases',
    title: `The three phases: ${agent} failing (seed ${seed})`,
    caption:
      'Liquidity trapped at the failed participant (its balance − the baseline\'s); value queued in Q2 (both runs) and other banks whose own Q2 value exceeds the baseline\'s; the other banks\' payments failed so far (dropped at their deadline), both runs; at the end of each tick.',
    spec: {
      $schema: SCHEMA,
      vconcat: [
        panel({ data: { values: ticks }, mark: { type: 'line', interpolate: 'step-after', tooltip: true }, encoding: { x, y: { field: 'trapped', type: 'quantitative', title: 'cents' } } }, '1. liquidity trapped'),
        twoLines(bothRuns((t) => t.q2_value, (t) => t.q2_value_baseline), '2. value queued in Q2'),
        panel(
          { data: { values: ticks }, mark: { type: 'line', interpolate: 'step-after', tooltip: true }, encoding: { x, y: { field: 'affected', type: 'quantitative', title: 'banks', axis: { tickMinStep: 1 } } } },
          '2. other banks with more queued in Q2 than in the baseline',
        ),
        twoLines(bothRuns((t) => t.dropped_value, (t) => t.dropped_value_baseline), '3. other banks\' payments failed (dropped at their deadline), so far'),
      ],
    },
  };
}
