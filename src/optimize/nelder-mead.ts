// Nelder–Mead downhill simplex (standard coefficients: reflection 1, expansion 2, contraction
// 1/2, shrink 1/2) as a coroutine over the unit cube. The npm package `fmin` has a Nelder–Mead,
// but it calls a synchronous objective; ours are stored simulations evaluated asynchronously,
// so the method is written as a generator (method.ts) instead. Points are clamped into the box.
// When the simplex has collapsed (its spread in values and in size below the tolerances) the
// method restarts once around its best point with a smaller simplex, then stops.

import { clampToBox, type Method, type Point } from './method.js';

export interface NelderMeadOptions {
  /** Start point in [0, 1]^d. */
  readonly start: Point;
  /** Edge of the initial simplex along each axis (default 0.25). */
  readonly step?: number;
  /** Stop when the values' spread and the simplex's size are below these (defaults 1e-8, 1e-6). */
  readonly fTolerance?: number;
  readonly xTolerance?: number;
  /** Restarts around the best point after convergence (default 1). */
  readonly restarts?: number;
}

interface Vertex {
  x: number[];
  f: number;
}

export function* nelderMead(options: NelderMeadOptions): Method {
  const d = options.start.length;
  const fTol = options.fTolerance ?? 1e-8;
  const xTol = options.xTolerance ?? 1e-6;
  let step = options.step ?? 0.25;
  let best: Vertex = { x: clampToBox(options.start), f: Infinity };
  for (let restart = 0; restart <= (options.restarts ?? 1); restart++) {
    best = yield* descend(best.x, step, fTol, xTol, d, restart === 0 ? null : best.f);
    step /= 4;
  }
}

/** One descent from `start`; returns its best vertex. `startValue` reuses a known value. */
function* descend(start: number[], step: number, fTol: number, xTol: number, d: number, startValue: number | null): Generator<Point, Vertex, number> {
  const simplex: Vertex[] = [];
  const f0 = startValue ?? (yield start);
  simplex.push({ x: start, f: f0 });
  for (let i = 0; i < d; i++) {
    const x = start.slice();
    // Step inward when the start lies on the box's upper face.
    x[i] = x[i]! + step <= 1 ? x[i]! + step : x[i]! - step;
    const xc = clampToBox(x);
    simplex.push({ x: xc, f: yield xc });
  }
  const along = (from: readonly number[], to: readonly number[], t: number): number[] => clampToBox(from.map((v, i) => v + t * (to[i]! - v)));
  for (;;) {
    simplex.sort((a, b) => a.f - b.f);
    const lo = simplex[0]!;
    const hi = simplex[d]!;
    const size = Math.max(...simplex.slice(1).map((v) => Math.max(...v.x.map((c, i) => Math.abs(c - lo.x[i]!)))));
    const spread = Number.isFinite(hi.f) ? hi.f - lo.f : Infinity;
    if ((spread <= fTol && size <= xTol * 1e3) || size <= xTol) return lo;
    const centroid = Array.from({ length: d }, (_, i) => simplex.slice(0, d).reduce((s, v) => s + v.x[i]!, 0) / d);
    const xr = along(centroid, hi.x, -1);
    const fr = yield xr;
    if (fr < lo.f) {
      const xe = along(centroid, hi.x, -2);
      const fe = yield xe;
      simplex[d] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
      continue;
    }
    if (fr < simplex[d - 1]!.f) {
      simplex[d] = { x: xr, f: fr };
      continue;
    }
    // Contract: outside when the reflection beat the worst, inside otherwise.
    const outside = fr < hi.f;
    const xc = along(centroid, outside ? xr : hi.x, 0.5);
    const fc = yield xc;
    if (fc < (outside ? fr : hi.f)) {
      simplex[d] = { x: xc, f: fc };
      continue;
    }
    for (let k = 1; k <= d; k++) {
      const xs = along(lo.x, simplex[k]!.x, 0.5);
      simplex[k] = { x: xs, f: yield xs };
    }
  }
}
