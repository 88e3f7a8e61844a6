// Integer-cent arithmetic helpers. Money is a JS number that must stay a safe integer.

/** Round half away from zero (engine.md §7). */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Throws when a money value is not a safe integer: losing a cent silently is never acceptable. */
export function assertSafeCents(x: number, what: string): number {
  if (!Number.isSafeInteger(x)) {
    throw new RangeError(`${what} is not a safe integer number of cents: ${x}`);
  }
  return x;
}
