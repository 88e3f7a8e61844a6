// Sobol' low-discrepancy points (Bratley & Fox's Gray-code construction) with the direction
// numbers of Joe & Kuo (new-joe-kuo-6.21201, first dimensions). No well-kept npm package
// provides Sobol' sequences, so this small one is ours. The first point (all zeros) is skipped,
// as is usual: it sits on the box's corner.

import { type Method, uniformStream } from './method.js';

const BITS = 32;

/** Per dimension from the second: degree s, polynomial coefficients a, initial m_1..m_s. */
const JOE_KUO: ReadonlyArray<{ s: number; a: number; m: readonly number[] }> = [
  { s: 1, a: 0, m: [1] },
  { s: 2, a: 1, m: [1, 3] },
  { s: 3, a: 1, m: [1, 3, 1] },
  { s: 3, a: 2, m: [1, 1, 1] },
  { s: 4, a: 1, m: [1, 1, 3, 3] },
  { s: 4, a: 4, m: [1, 3, 5, 13] },
  { s: 5, a: 2, m: [1, 1, 5, 5, 17] },
  { s: 5, a: 4, m: [1, 1, 5, 5, 5] },
  { s: 5, a: 7, m: [1, 1, 7, 11, 19] },
  { s: 5, a: 11, m: [1, 1, 5, 1, 1] },
  { s: 5, a: 13, m: [1, 1, 1, 3, 11] },
];

/** Dimensions this implementation supports. */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** Direction numbers v[k] (scaled by 2^32) for one dimension. */
function directions(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const { s, a, m } = JOE_KUO[dimension - 1]!;
  for (let k = 0; k < s; k++) v[k] = m[k]! * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let x = v[k - s]! ^ (v[k - s]! >>> s);
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j]!;
    v[k] = x >>> 0;
  }
  return v;
}

/**
 * The Sobol' points 1, 2, … in [0, 1)^d. With `scrambleSeed`, each coordinate is shifted by a
 * fixed random amount modulo 1 (a digital shift by XOR), which keeps the net's balance.
 */
export function* sobolSearch(dimensions: number, scrambleSeed: number | null = null): Method {
  if (dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(`Sobol' points are built here for 1–${SOBOL_MAX_DIMENSIONS} dimensions, not ${dimensions}`);
  }
  const v = Array.from({ length: dimensions }, (_, d) => directions(d));
  const uniform = scrambleSeed === null ? null : uniformStream(scrambleSeed);
  const shift = Array.from({ length: dimensions }, () => (uniform === null ? 0 : Math.floor(uniform() * 2 ** BITS) >>> 0));
  const x = new Uint32Array(dimensions);
  for (let i = 0; i < 2 ** BITS - 1; i++) {
    // Gray code: point i+1 differs from point i in the direction of i's lowest zero bit.
    let c = 0;
    while ((i >>> c) & 1) c++;
    for (let d = 0; d < dimensions; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
    yield Array.from(x, (xd, d) => ((xd ^ shift[d]!) >>> 0) / 2 ** BITS);
  }
}

/** Independent uniform points (seeded), for comparison with Sobol' and for many dimensions. */
export function* randomSearch(dimensions: number, seed: number): Method {
  const uniform = uniformStream(seed);
  for (;;) yield Array.from({ length: dimensions }, () => uniform());
}
