// Holm's step-down correction (Holm 1979) for comparing several candidates against one baseline:
// controls the family-wise error rate without assuming independence, and is never less powerful
// than Bonferroni.

/** Adjusted p values in the input order; null inputs (no test possible) stay null and are not counted. */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null)
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const m = present.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, k) => {
    // Monotone: an adjusted p value is never below the one of a smaller raw p value.
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
