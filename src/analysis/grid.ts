// Grid points of an experiment's runs (docs/compare.md, "Grid points"): runs grouped by the
// point they ran at, in the grid's own order (numbers numerically), with `--where PATH=VALUE`
// to keep some points. A comparison is made per point: pooling runs of different points would
// average effects that belong to different configurations.

import { ComparisonError } from './compare.js';
import type { RunMetricRow } from './pairing.js';
import { parseParamsJson } from '../store/params.js';

export interface GridGroup {
  /** Vary path → value (`{scale: x}` for multipliers); `{}` for an experiment without a grid. */
  readonly point: Readonly<Record<string, unknown>>;
  /** `path=value, …` for people; '' without a grid. */
  readonly label: string;
  readonly runs: readonly RunMetricRow[];
}

export interface WhereClause {
  readonly path: string;
  readonly value: unknown;
}

/** A stored `params_json` as the grid point ('' is the point of an experiment without a grid). */
export const parsePoint = (paramsJson: string): Record<string, unknown> => parseParamsJson(paramsJson);

function isScale(x: unknown): x is { scale: number } {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && typeof (x as Record<string, unknown>)['scale'] === 'number' && Object.keys(x).length === 1;
}

export function valueText(value: unknown): string {
  if (isScale(value)) return `×${value.scale}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function pointLabel(point: Readonly<Record<string, unknown>>): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${valueText(value)}`)
    .join(', ');
}

/** Orders values along an axis: numbers (and scale factors) numerically, anything else by its text. */
function compareValues(a: unknown, b: unknown): number {
  const num = (x: unknown): number | null => (typeof x === 'number' ? x : isScale(x) ? x.scale : null);
  const x = num(a);
  const y = num(b);
  if (x !== null && y !== null) return x - y;
  if (x !== null) return -1;
  if (y !== null) return 1;
  const s = JSON.stringify(a);
  const t = JSON.stringify(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Grid order: by the first path's value, then the next … */
export function comparePoints(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): number {
  for (const path of Object.keys(a)) {
    const c = compareValues(a[path], b[path]);
    if (c !== 0) return c;
  }
  return 0;
}

/** The runs by grid point, points in order of the first path, then the next … */
export function gridGroups(runs: readonly RunMetricRow[]): GridGroup[] {
  const groups = new Map<string, { point: Record<string, unknown>; runs: RunMetricRow[] }>();
  for (const run of runs) {
    const key = run.params_json === '' ? '{}' : run.params_json;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { point: parsePoint(run.params_json), runs: [] }));
    group.runs.push(run);
  }
  return [...groups.values()]
    .sort((a, b) => comparePoints(a.point, b.point))
    .map((g) => ({ point: g.point, label: pointLabel(g.point), runs: g.runs }));
}

/**
 * The groups a comparison runs over: one per grid point, or every run as one when pooled; with
 * the number of grid points and whether pooling actually merged several.
 */
export function comparisonGroups(runs: readonly RunMetricRow[], pool: boolean): { groups: GridGroup[]; points: number; pooled: boolean } {
  const byPoint = gridGroups(runs);
  const groups = pool ? [{ point: {}, label: '', runs }] : byPoint;
  return { groups, points: byPoint.length, pooled: pool && byPoint.length > 1 };
}

/** `PATH=VALUE`; VALUE is read as JSON when it is JSON (numbers, true, false), else as text. */
export function parseWhere(text: string): WhereClause {
  const at = text.indexOf('=');
  if (at <= 0) throw new ComparisonError(`--where: expected PATH=VALUE (e.g. lsm_config.enabled=false), got '${text}'`);
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the text itself.
  }
  return { path: text.slice(0, at), value };
}

function matches(label: unknown, wanted: unknown): boolean {
  if (JSON.stringify(label) === JSON.stringify(wanted)) return true;
  // `--where agents[*].credit_limit=0.5` finds the point written `{scale: 0.5}`; ×0.5 as well.
  if (isScale(label)) return wanted === label.scale || wanted === `×${label.scale}`;
  return false;
}

/** The runs at grid points matching every clause; a path not in the grid or a value never run is an error. */
export function whereRuns(runs: readonly RunMetricRow[], clauses: readonly WhereClause[]): RunMetricRow[] {
  if (clauses.length === 0) return [...runs];
  const groups = gridGroups(runs);
  const paths = new Set(groups.flatMap((g) => Object.keys(g.point)));
  for (const c of clauses) {
    if (!paths.has(c.path)) throw new ComparisonError(`--where: '${c.path}' is not a grid path (grid: ${[...paths].join(', ') || 'none'})`);
    const values = [...new Set(groups.map((g) => valueText(g.point[c.path])))];
    if (!groups.some((g) => matches(g.point[c.path], c.value))) {
      throw new ComparisonError(`--where: no grid point has ${c.path}=${valueText(c.value)} (values: ${values.join(', ')})`);
    }
  }
  return groups.filter((g) => clauses.every((c) => matches(g.point[c.path], c.value))).flatMap((g) => g.runs);
}
