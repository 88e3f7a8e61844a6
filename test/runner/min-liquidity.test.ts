// The minimum-liquidity search (docs/liquidity.md) assumes no monotonicity: on a scripted
// non-monotone case and on a real one it returns the true smallest α of its lattice.
import { describe, expect, it } from 'vitest';
import { FrontierPlanner } from '../../src/runner/liquidity/frontier-plan.js';
import { latticePoint, minLiquidity } from '../../src/runner/liquidity/min-liquidity.js';
import { executeRun } from '../../src/runner/execute.js';

const GRID = Array.from({ length: 11 }, (_, k) => latticePoint(k, 0.1));

describe('minLiquidity', () => {
  it('finds a success hidden below a failing grid point, and lists the failures above it', async () => {
    // Succeeds at 0.05–0.07 and from 0.3 on; fails elsewhere, so the grid's first success is 0.3
    // and a search of the bracket [0.2, 0.3] alone would answer 0.21–0.3.
    const ok = (a: number): boolean => (a >= 0.05 && a <= 0.07) || a >= 0.3;
    const asked: number[] = [];
    const result = await minLiquidity(GRID, 0.01, async (alphas) => {
      asked.push(...alphas);
      return new Map(alphas.map((a) => [a, ok(a)]));
    });
    expect(result.alpha).toBe(0.05);
    expect(result.non_monotone).toEqual([0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29]);
    // Each α is run once: 11 grid points, then the 30 lattice points below 0.3 less the 3 on the grid.
    expect(asked.length).toBe(11 + 27);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('a monotone case: the first success', async () => {
    const result = await minLiquidity(GRID, 0.01, async (alphas) => new Map(alphas.map((a) => [a, a >= 0.43])));
    expect(result.alpha).toBe(0.43);
    expect(result.non_monotone).toEqual([]);
  });

  it('nothing succeeds: null, and no lattice runs', async () => {
    const result = await minLiquidity(GRID, 0.01, async (alphas) => new Map(alphas.map((a) => [a, false])));
    expect(result.alpha).toBeNull();
    expect(result.tried.length).toBe(11);
  });

  it('the gridlock scenario, seed 3, LSM off: the true smallest α on the 0.01 lattice', async () => {
    // Found by running every α = k/100: full settlement at 0.06–0.08, not at 0.1 (a grid point),
    // again at 0.14. Bisecting the grid's bracket would miss 0.06.
    const planner = new FrontierPlanner({
      scenarioFile: 'scenarios/high_stress_gridlock.yaml',
      experiment: 'test',
      seeds: ['3'],
      alphas: GRID,
      credit: 'zero',
      lsm: ['off'],
      throughput: false,
    });
    const settlesAll = new Map<number, boolean>();
    const evaluate = async (alphas: readonly number[]): Promise<Map<number, boolean>> =>
      new Map(
        planner.plan('off', alphas).map(({ run, point }) => {
          const summary = executeRun(run.spec).summary!;
          const ok = summary.settled === summary.arrivals;
          settlesAll.set(point.alpha, ok);
          return [point.alpha, ok];
        }),
      );
    const result = await minLiquidity(GRID, 0.01, evaluate);
    const lattice = Array.from({ length: 101 }, (_, k) => latticePoint(k, 0.01));
    await evaluate(lattice.filter((a) => !settlesAll.has(a)));
    const truth = lattice.find((a) => settlesAll.get(a) === true);
    expect(truth).toBe(0.06);
    expect(result.alpha).toBe(truth);
    expect(result.non_monotone).toContain(0.1);
  });
});
