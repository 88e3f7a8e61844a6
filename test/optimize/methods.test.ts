// The search methods on functions with known optima (issue 13): each reaches the optimum within
// the stated tolerance and budget. Coordinates are in the unit cube; the test functions put
// their optimum inside it.
import { describe, expect, it } from 'vitest';
import { cmaEs } from '../../src/optimize/cma-es.js';
import { eigenSymmetric } from '../../src/optimize/eigen.js';
import { evenLevels, gridSearch, gridSize } from '../../src/optimize/grid.js';
import type { Method, Point } from '../../src/optimize/method.js';
import { nelderMead } from '../../src/optimize/nelder-mead.js';
import { randomSearch, sobolSearch } from '../../src/optimize/sobol.js';

/** Runs a method on f for at most `budget` evaluations; returns the best point and value. */
function minimise(method: Method, f: (x: Point) => number, budget: number): { x: Point; f: number; used: number } {
  let best = { x: [] as Point, f: Infinity };
  let used = 0;
  let next = method.next();
  while (!next.done && used < budget) {
    const v = f(next.value);
    used++;
    if (v < best.f) best = { x: next.value, f: v };
    next = method.next(v);
  }
  return { ...best, used };
}

// A bowl with its minimum 0 at (0.3, 0.7, 0.55), axes scaled unequally.
const bowl = (x: Point): number => (x[0]! - 0.3) ** 2 + 4 * (x[1]! - 0.7) ** 2 + 0.5 * (x[2]! - 0.55) ** 2;
// Rosenbrock on [-2, 2]² mapped to the unit cube: minimum 0 at unit (0.75, 0.75).
const rosenbrock = (x: Point): number => {
  const a = 4 * x[0]! - 2;
  const b = 4 * x[1]! - 2;
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};
const dist = (x: Point, y: Point): number => Math.hypot(...x.map((v, i) => v - y[i]!));

describe('Nelder–Mead', () => {
  it('reaches the bowl minimum within 1e-4 in 300 evaluations', () => {
    const r = minimise(nelderMead({ start: [0.5, 0.5, 0.5] }), bowl, 300);
    expect(dist(r.x, [0.3, 0.7, 0.55])).toBeLessThan(1e-4);
    expect(r.f).toBeLessThan(1e-8);
  });
  it('reaches the Rosenbrock minimum within 0.01 in 600 evaluations', () => {
    const r = minimise(nelderMead({ start: [0.4, 0.6] }), rosenbrock, 600);
    expect(dist(r.x, [0.75, 0.75])).toBeLessThan(0.01);
  });
  it('stays in the box when the optimum is on its face', () => {
    const r = minimise(nelderMead({ start: [0.5, 0.5] }), (x) => (x[0]! - 1.5) ** 2 + (x[1]! - 0.2) ** 2, 300);
    expect(r.x[0]).toBeLessThanOrEqual(1);
    expect(r.x[0]).toBeGreaterThan(0.999);
    expect(Math.abs(r.x[1]! - 0.2)).toBeLessThan(1e-3);
  });
});

describe('CMA-ES', () => {
  it('reaches the bowl minimum within 1e-3 in 1 000 evaluations', () => {
    const r = minimise(cmaEs({ start: [0.5, 0.5, 0.5], seed: 7 }), bowl, 1000);
    expect(dist(r.x, [0.3, 0.7, 0.55])).toBeLessThan(1e-3);
  });
  it('reaches the Rosenbrock minimum within 0.01 in 2 000 evaluations', () => {
    const r = minimise(cmaEs({ start: [0.4, 0.6], seed: 3 }), rosenbrock, 2000);
    expect(dist(r.x, [0.75, 0.75])).toBeLessThan(0.01);
  });
  it('is deterministic for a seed', () => {
    const a = minimise(cmaEs({ start: [0.5, 0.5], seed: 11 }), bowl3to2, 50);
    const b = minimise(cmaEs({ start: [0.5, 0.5], seed: 11 }), bowl3to2, 50);
    expect(a).toEqual(b);
  });
});
const bowl3to2 = (x: Point): number => bowl([x[0]!, x[1]!, 0.55]);

describe('grid, Sobol and random points', () => {
  it('grid visits every combination, first coordinate slowest', () => {
    const pts: Point[] = [];
    for (const g = gridSearch([[0, 1], [0, 0.5, 1]]), n = { r: g.next() }; !n.r.done; n.r = g.next(0)) pts.push(n.r.value);
    expect(pts).toEqual([[0, 0], [0, 0.5], [0, 1], [1, 0], [1, 0.5], [1, 1]]);
    expect(gridSize([[0, 1], [0, 0.5, 1]])).toBe(6);
    expect(evenLevels(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
  it("Sobol' points: the first 2^k put one point in each 1/2^k slice of every coordinate", () => {
    const gen = sobolSearch(6);
    // Points 1..2^k−1 plus the skipped origin make a full net: each slice but [0, 2^-k) gets one.
    const pts: Point[] = [];
    for (let i = 0; i < 63; i++) pts.push(gen.next(0).value as Point);
    for (let d = 0; d < 6; d++) {
      const slices = new Set(pts.map((p) => Math.floor(p[d]! * 64)));
      expect(slices.size).toBe(63);
      expect(slices.has(0)).toBe(false);
    }
    expect(pts[0]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(pts[1]!.slice(0, 2)).toEqual([0.75, 0.25]);
  });
  it("Sobol' points find the bowl minimum within 0.05 in 512 points, better than random points", () => {
    const s = minimise(sobolSearch(3), bowl, 512);
    const r = minimise(randomSearch(3, 5), bowl, 512);
    expect(dist(s.x, [0.3, 0.7, 0.55])).toBeLessThan(0.05);
    expect(dist(r.x, [0.3, 0.7, 0.55])).toBeLessThan(0.1);
  });
});

describe('symmetric eigen decomposition', () => {
  it('reconstructs the matrix', () => {
    const m = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]];
    const { values, vectors } = eigenSymmetric(m);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        const back = values.reduce((s, v, k) => s + vectors[i]![k]! * v * vectors[j]![k]!, 0);
        expect(back).toBeCloseTo(m[i]![j]!, 10);
      }
  });
});
