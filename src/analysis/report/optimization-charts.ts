// Charts of `paysim optimize` (docs/optimize.md) as Vega-Lite specs for `paysim report`: the search
// path (every trial's objective, by verdict, and the incumbent line), and in equilibrium mode each
// agent's parameters and own cost over the rounds.

import type { OptimizationView } from '../optimize/view.js';
import { type Chart, type VegaLiteSpec, VEGA_LITE_SCHEMA as SCHEMA } from './charts.js';


/** Verdicts in a fixed order, so a verdict has the same colour in every optimisation's chart. */
const STATUSES = ['incumbent', 'accepted', 'rejected', 'raced_out', 'infeasible', 'budget'];

function statusScale(seen: readonly string[]): Record<string, unknown> {
  return { domain: [...STATUSES, ...[...new Set(seen)].filter((s) => !STATUSES.includes(s)).sort()] };
}

const chartId = (index: number, what: string): string => `chart-optimization-${index + 1}-${what}`;

/** Objective of every trial in search order, a point per trial by verdict, the incumbent as a step line. */
function searchPathChart(view: OptimizationView, index: number): Chart | null {
  if (view.path.length === 0) return null;
  const equilibrium = view.mode === 'equilibrium';
  const x = { field: 'trial', type: 'quantitative', title: 'trial (search order)', axis: { tickMinStep: 1 } };
  const layers: VegaLiteSpec = {
    layer: [
      {
        mark: { type: 'line', interpolate: 'step-after', color: '#444', strokeWidth: 1.5 },
        transform: [{ filter: 'datum.incumbent != null' }],
        encoding: { x, y: { field: 'incumbent', type: 'quantitative', title: view.objective, scale: { zero: false } }, detail: { field: 'search', type: 'nominal' } },
      },
      {
        mark: { type: 'point', filled: true, size: 45, tooltip: { content: 'data' } },
        encoding: {
          x,
          y: { field: 'objective', type: 'quantitative' },
          color: { field: 'status', type: 'nominal', title: 'verdict', scale: statusScale(view.path.map((p) => p.status)) },
          shape: { field: 'status', type: 'nominal', title: 'verdict', scale: statusScale(view.path.map((p) => p.status)) },
        },
      },
    ],
  };
  const spec: VegaLiteSpec = equilibrium
    ? { $schema: SCHEMA, data: { values: view.path }, facet: { row: { field: 'agent', type: 'nominal', title: 'agent searching (its own objective)' } }, resolve: { scale: { y: 'independent' } }, spec: { width: 560, height: 170, ...layers } }
    : { $schema: SCHEMA, data: { values: view.path }, width: 560, height: 260, ...layers };
  return {
    id: chartId(index, 'path'),
    title: `Search path: ${view.id}`,
    caption:
      'The objective of every trial in the order the search made them (mean over the search seeds it ran; a raced-out trial at its paired estimate), ' +
      `coloured by verdict; the line is the incumbent after each trial${equilibrium ? ', restarting with each best-response search' : ''}.`,
    spec,
  };
}

/** Each numeric parameter over the steps of the rounds, a panel per parameter. */
function parameterChart(view: OptimizationView, index: number): Chart | null {
  const e = view.equilibrium;
  if (e === null || e.parameters.length === 0) return null;
  const x = { field: 'position', type: 'quantitative', title: 'round (0 = start; round r ends at r)', axis: { tickMinStep: 1 } };
  return {
    id: chartId(index, 'parameters'),
    title: `Parameters over the rounds: ${view.id}`,
    caption: "Each searched parameter's value at the start and after every agent's step (an agent's steps fall inside its round).",
    spec: {
      $schema: SCHEMA,
      data: { values: e.parameters },
      facet: { row: { field: 'parameter', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 560,
        height: 120,
        mark: { type: 'line', interpolate: 'step-after', point: true, tooltip: { content: 'data' } },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: false } }, color: { field: 'parameter', type: 'nominal', legend: null } },
      },
    },
  };
}

/** Each agent's own objective at its steps: before (hollow) and at the response it took (filled, joined). */
function costChart(view: OptimizationView, index: number): Chart | null {
  const e = view.equilibrium;
  if (e === null || e.costs.length === 0) return null;
  const x = { field: 'position', type: 'quantitative', title: 'round', axis: { tickMinStep: 1 } };
  const color = { field: 'agent', type: 'nominal', title: 'agent' };
  return {
    id: chartId(index, 'costs'),
    title: `Cost over the rounds: ${view.id}`,
    caption: "Each agent's own objective at its step of each round: before it (hollow) and at the response it took (filled, joined); equal when it stayed.",
    spec: {
      $schema: SCHEMA,
      data: { values: e.costs },
      width: 560,
      height: 220,
      layer: [
        { mark: { type: 'line', point: { filled: true, size: 50 }, tooltip: { content: 'data' } }, encoding: { x, y: { field: 'after', type: 'quantitative', title: view.objective, scale: { zero: false } }, color } },
        { mark: { type: 'point', filled: false, size: 70 }, encoding: { x, y: { field: 'before', type: 'quantitative' }, color } },
      ],
    },
  };
}

/** Every chart of the report's optimisations, in page order. */
export function optimizationCharts(views: readonly OptimizationView[]): Chart[] {
  return views.flatMap((v, i) => [searchPathChart(v, i), parameterChart(v, i), costChart(v, i)].filter((c): c is Chart => c !== null));
}
