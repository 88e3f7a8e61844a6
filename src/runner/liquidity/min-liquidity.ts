// The smallest α at which a target is met, without assuming that settlement improves with
// liquidity (it need not: docs/liquidity.md). Three stages, each a batch of runs:
// 1. the frontier's grid brackets the first α that succeeds;
// 2. every point of the fine lattice (step `resolution`) below it is run — the whole range below
//    is checked, not just the bracket, so a success hidden below a failing grid point is found;
// 3. the answer is the smallest succeeding α seen; every failure above a success is reported as
//    a non-monotone point.
// The answer is exact on the lattice: no α = k·resolution smaller than it succeeds.

/** Runs the given α values (in any order, in parallel) and says, for each, whether it succeeded. */
export type Evaluate = (alphas: readonly number[]) => Promise<ReadonlyMap<number, boolean>>;

export interface MinLiquidityResult {
  /** The smallest succeeding α, or null if no α up to the grid's largest succeeded. */
  readonly alpha: number | null;
  /** Every α run and whether it succeeded, ascending. */
  readonly tried: ReadonlyArray<{ readonly alpha: number; readonly ok: boolean }>;
  /** α values that failed although a smaller α succeeded. */
  readonly non_monotone: readonly number[];
}

/** k·step rounded to 12 decimals, so lattice points compare equal however they were computed. */
export function latticePoint(k: number, step: number): number {
  return Number((k * step).toFixed(12));
}

export async function minLiquidity(grid: readonly number[], resolution: number, evaluate: Evaluate): Promise<MinLiquidityResult> {
  if (!(resolution > 0)) throw new Error('resolution must be > 0');
  const seen = new Map<number, boolean>();
  const run = async (alphas: readonly number[]): Promise<void> => {
    const todo = [...new Set(alphas)].filter((a) => !seen.has(a));
    if (todo.length === 0) return;
    const results = await evaluate(todo);
    for (const a of todo) {
      const ok = results.get(a);
      if (ok === undefined) throw new Error(`no result for α = ${a}`);
      seen.set(a, ok);
    }
  };
  const sortedGrid = [...grid].sort((a, b) => a - b);
  await run(sortedGrid);
  const firstGridSuccess = sortedGrid.find((a) => seen.get(a) === true);
  if (firstGridSuccess !== undefined) {
    const below: number[] = [];
    for (let k = 0; latticePoint(k, resolution) < firstGridSuccess; k++) below.push(latticePoint(k, resolution));
    await run(below);
  }
  const tried = [...seen.entries()].map(([alpha, ok]) => ({ alpha, ok })).sort((a, b) => a.alpha - b.alpha);
  const first = tried.find((t) => t.ok);
  const alpha = first === undefined ? null : first.alpha;
  const non_monotone = alpha === null ? [] : tried.filter((t) => !t.ok && t.alpha > alpha).map((t) => t.alpha);
  return { alpha, tried, non_monotone };
}
