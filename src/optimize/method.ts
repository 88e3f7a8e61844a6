// The contract every search method follows: a generator that yields points of the unit cube
// [0, 1]^d and is handed back each point's objective value (lower is better; the caller flips
// the sign for "higher is better" and passes +Infinity for infeasible points). Written as a
// coroutine, a method needs no callback into the (asynchronous, stored) evaluation, so the same
// code runs against a test function in memory and against full-network simulations.

export type Point = readonly number[];

/** A method: yields the next point to evaluate, receives its value; returning ends the search. */
export type Method = Generator<Point, void, number>;

/** Clamps every coordinate into [0, 1] (methods move freely; parameters live in the box). */
export function clampToBox(x: readonly number[]): number[] {
  return x.map((v) => (Number.isNaN(v) ? 0.5 : Math.min(1, Math.max(0, v))));
}

/**
 * A small deterministic generator (mulberry32) for the methods' own randomness: the search is
 * reproducible from its seed, so a resumed search proposes the same trials again.
 */
export function uniformStream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform stream. */
export function normalFrom(uniform: () => number): number {
  const u1 = Math.max(uniform(), 1e-300);
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
