// The search loop with common random numbers, racing, constraints and budgets, on noisy test
// functions: the noise has a part common to every trial on a seed (what common random numbers
// cancel) and a small part of its own.
import { describe, expect, it } from 'vitest';
import { cmaEs } from '../../src/optimize/cma-es.js';
import { gridSearch } from '../../src/optimize/grid.js';
import { nelderMead } from '../../src/optimize/nelder-mead.js';
import type { Point } from '../../src/optimize/method.js';
import { DEFAULT_RACING } from '../../src/optimize/racing.js';
import { type Evaluate, raceSteps, search } from '../../src/optimize/search.js';
import { type Assignment, type Parameter, gridLevels } from '../../src/optimize/space.js';

const real = (name: string, low: number, high: number): Parameter => ({ name, type: 'real', low, high, values: [], levels: null });
const seeds = Array.from({ length: 12 }, (_, i) => String(i + 1));

/** Deterministic noise in [-1, 1] from a text. */
function noise(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return (h / 2 ** 32) * 2 - 1;
}

function noisy(f: (a: Assignment) => number, common: number, own: number): Evaluate {
  return async ({ assignment }, ss) =>
    ss.map((s) => ({ objective: f(assignment) + common * noise(`seed${s}`) + own * noise(`${s}:${JSON.stringify(assignment)}`), constraints: [] }));
}

// Rosenbrock on x, y ∈ [-2, 2]: minimum 0 at (1, 1).
const rosen = (a: Assignment): number => (1 - Number(a['x'])) ** 2 + 100 * (Number(a['y']) - Number(a['x']) ** 2) ** 2;
const bowl = (a: Assignment): number => (Number(a['x']) - 1) ** 2 + (Number(a['y']) + 0.5) ** 2;

describe('search with common random numbers', () => {
  const space = [real('x', -2, 2), real('y', -2, 2)];

  it('Nelder–Mead finds the noisy Rosenbrock minimum within 0.05 in 6 000 runs', async () => {
    const r = await search({ space, method: nelderMead({ start: [0.5, 0.5] }), seeds, direction: 'lower', evaluate: noisy(rosen, 5, 0.001), maxEvaluations: 6000, racing: null });
    expect(Math.hypot(Number(r.best!.assignment['x']) - 1, Number(r.best!.assignment['y']) - 1)).toBeLessThan(0.05);
    expect(r.evaluations).toBeLessThanOrEqual(6000);
  });

  it('CMA-ES finds the noisy bowl minimum within 0.02 in 6 000 runs', async () => {
    const r = await search({ space, method: cmaEs({ start: [0.5, 0.5], seed: 1 }), seeds, direction: 'lower', evaluate: noisy(bowl, 5, 0.001), maxEvaluations: 6000, racing: null });
    expect(Math.hypot(Number(r.best!.assignment['x']) - 1, Number(r.best!.assignment['y']) + 0.5)).toBeLessThan(0.02);
  });

  it('racing reaches the same grid optimum with fewer runs', async () => {
    const levels = gridLevels(space, 9);
    const evaluate = noisy(bowl, 5, 0.01);
    const plain = await search({ space, method: gridSearch(levels), seeds, direction: 'lower', evaluate, racing: null });
    const raced = await search({ space, method: gridSearch(levels), seeds, direction: 'lower', evaluate, racing: DEFAULT_RACING });
    expect(raced.best!.key).toBe(plain.best!.key);
    expect(plain.best!.assignment).toEqual({ x: 1, y: -0.5 });
    expect(plain.evaluations).toBe(81 * 12);
    expect(raced.evaluations).toBeLessThan(plain.evaluations / 2);
    expect(raced.trials.filter((t) => t.status === 'raced_out').length).toBeGreaterThan(40);
    const out = raced.trials.find((t) => t.status === 'raced_out')!;
    expect(out.seeds.length).toBeLessThan(12);
    expect(out.versus!.p_worse!).toBeLessThan(0.05);
    expect(out.reason).toMatch(/^worse than t-/);
  });

  it('higher-is-better objectives, constraints and repeats', async () => {
    const evaluate: Evaluate = async ({ assignment }, ss) =>
      ss.map(() => ({ objective: Number(assignment['n']), constraints: [Number(assignment['n']) <= 7 ? 1 : 0] }));
    const space1: Parameter[] = [{ name: 'n', type: 'integer', low: 0, high: 10, values: [], levels: 11 }];
    const levels = [[...gridLevels(space1)[0]!, 0.5]]; // 11 integers, then 5 again
    const r = await search({
      space: space1,
      method: gridSearch(levels),
      seeds: seeds.slice(0, 3),
      direction: 'higher',
      evaluate,
      constraints: [{ label: 'ok ≥ 1', min: 1, max: null }],
      racing: null,
    });
    expect(r.best!.assignment).toEqual({ n: 7 });
    expect(r.trials.filter((t) => t.status === 'infeasible').map((t) => t.assignment['n'])).toEqual([8, 9, 10]);
    expect(r.trials.at(-1)!.status).toBe('repeat');
    expect(r.trials.at(-1)!.evaluations).toBe(0);
    expect(r.evaluations).toBe(33);
  });

  it('stops at the budget and says so', async () => {
    const r = await search({ space, method: gridSearch(gridLevels(space, 5)), seeds: seeds.slice(0, 4), direction: 'lower', evaluate: noisy(bowl, 1, 0), maxEvaluations: 10, racing: null });
    expect(r.evaluations).toBe(8);
    expect(r.stopped).toBe('budget');
  });

  it('a start point is the first incumbent, and a cache means no run twice', async () => {
    let runs = 0;
    const evaluate: Evaluate = async (t, ss) => {
      runs += ss.length;
      return noisy(bowl, 1, 0)(t, ss);
    };
    const cache = new Map();
    const opts = { space, seeds: seeds.slice(0, 3), direction: 'lower' as const, evaluate, racing: null, cache, start: { x: 0, y: 0 } };
    const a = await search({ ...opts, method: gridSearch(gridLevels(space, 3)) });
    expect(a.trials[0]!.status).toBe('incumbent');
    expect(a.trials[0]!.assignment).toEqual({ x: 0, y: 0 });
    const before = runs;
    const b = await search({ ...opts, method: gridSearch(gridLevels(space, 3)) });
    expect(runs).toBe(before);
    expect(b.best!.key).toBe(a.best!.key);
  });

  it('race steps', () => {
    expect(raceSteps(12, { minSeeds: 3, alpha: 0.05, block: 2 })).toEqual([3, 5, 7, 9, 11, 12]);
    expect(raceSteps(2, { minSeeds: 3, alpha: 0.05, block: 2 })).toEqual([2]);
  });
});

export type { Point };
