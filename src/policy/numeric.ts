// The arithmetic of the DSL (policy-dsl.md §3, §5): comparisons with a tolerance, NaN-skipping
// extremes, half-away-from-zero rounding and the conversion of numeric action arguments. Each is
// the spec's formula taken literally, which is what yields its special cases (NaN, ±∞, −0).

/** Tolerance of `==`, `!=`, `<=`, `>=`. */
export const COMPARE_EPSILON = 1e-9;

/** `/` fails below this divisor (Number.EPSILON, as the spec states it). */
export const DIVISOR_EPSILON = Number.EPSILON;

/** `div0` falls back to its default below this denominator. */
export const DIV0_EPSILON = 1e-9;

/** Largest magnitude of a converted numeric argument: 2^53 − 1. */
export const ARGUMENT_MAGNITUDE_MAX = Number.MAX_SAFE_INTEGER;

export const NUM_SPLITS_MIN = 2;
export const NUM_SPLITS_MAX = 1_000;

export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * The comparisons of policy-dsl.md §3: `==`, `!=`, `<=` and `>=` hold within COMPARE_EPSILON,
 * `<` and `>` are strict. One function per operator, so a compiled comparison picks its function
 * once instead of switching on the operator at every evaluation.
 */
export const COMPARISONS: Readonly<Record<ComparisonOp, (a: number, b: number) => boolean>> = {
  '==': (a, b) => Math.abs(a - b) < COMPARE_EPSILON,
  '!=': (a, b) => Math.abs(a - b) >= COMPARE_EPSILON,
  '<': (a, b) => a < b,
  '>': (a, b) => a > b,
  '<=': (a, b) => a <= b || Math.abs(a - b) < COMPARE_EPSILON,
  '>=': (a, b) => a >= b || Math.abs(a - b) < COMPARE_EPSILON,
};

/** Half away from zero: Math.round alone rounds −2.5 to −2. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Running maximum that only a strictly greater item replaces, so NaN items are skipped. */
export function maxStep(running: number, item: number): number {
  return item > running ? item : running;
}

/** Running minimum that only a strictly smaller item replaces, so NaN items are skipped. */
export function minStep(running: number, item: number): number {
  return item < running ? item : running;
}

/** clamp = min[max[value, lo], hi] by the list rules: a NaN value gives lo, a NaN bound is skipped. */
export function clampValue(value: number, lo: number, hi: number): number {
  const low = maxStep(maxStep(-Infinity, value), lo);
  return minStep(minStep(Infinity, low), hi);
}

/** Conversion of `num_splits` and `amount` (§5): NaN → 0, else truncated and clamped to ±(2^53 − 1). */
export function convertArgument(x: number): number {
  if (x !== x) return 0;
  const t = Math.trunc(x);
  if (t > ARGUMENT_MAGNITUDE_MAX) return ARGUMENT_MAGNITUDE_MAX;
  if (t < -ARGUMENT_MAGNITUDE_MAX) return -ARGUMENT_MAGNITUDE_MAX;
  return t;
}
