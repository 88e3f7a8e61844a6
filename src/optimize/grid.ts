// Grid search: every combination of each coordinate's levels, first coordinate slowest.

import type { Method, Point } from './method.js';

/** Levels per coordinate in [0, 1]; the cartesian product is yielded in order. */
export function* gridSearch(levels: readonly (readonly number[])[]): Method {
  if (levels.some((l) => l.length === 0)) return;
  const index = levels.map(() => 0);
  for (;;) {
    yield index.map((i, d) => levels[d]![i]!);
    let d = levels.length - 1;
    while (d >= 0 && index[d]! + 1 >= levels[d]!.length) index[d--] = 0;
    if (d < 0) return;
    index[d]! += 1;
  }
}

/** `n` evenly spaced levels over [0, 1] (ends included; one level is the middle). */
export function evenLevels(n: number): number[] {
  if (n <= 1) return [0.5];
  return Array.from({ length: n }, (_, i) => i / (n - 1));
}

/** Number of points a grid yields. */
export function gridSize(levels: readonly (readonly number[])[]): number {
  return levels.reduce((n, l) => n * l.length, 1);
}

export type { Point };
