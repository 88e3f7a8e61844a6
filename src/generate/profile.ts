// Intraday arrival profiles: a rate multiplier per part of the business day. Generated payment
// orders arrive at tick t with probability ∝ the multiplier of the part holding t.

/** Multiplier `multiplier` on the part [from, to) of the day, as fractions 0..1. */
export interface ProfilePart {
  readonly from: number;
  readonly to: number;
  readonly multiplier: number;
}

/**
 * `flat`: every tick alike. `peaks`: a morning peak, a lunch dip and an end-of-day rush, the
 * pattern of large-value systems (payments bunch after the opening and before the close).
 */
export const PROFILES: Readonly<Record<string, readonly ProfilePart[]>> = {
  flat: [],
  peaks: [
    { from: 0, to: 0.15, multiplier: 1.6 },
    { from: 0.45, to: 0.55, multiplier: 0.6 },
    { from: 0.85, to: 1, multiplier: 2 },
  ],
};

/** A named profile, or parts written `from-to:multiplier,…` (e.g. `0-0.2:1.5,0.9-1:2`); else the problem. */
export function parseProfile(text: string): readonly ProfilePart[] | string {
  const named = PROFILES[text];
  if (named !== undefined) return named;
  const parts: ProfilePart[] = [];
  for (const item of text.split(',')) {
    const m = /^\s*([0-9.]+)\s*-\s*([0-9.]+)\s*:\s*([0-9.]+)\s*$/.exec(item);
    const [from, to, multiplier] = m === null ? [NaN, NaN, NaN] : [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!(from >= 0 && to <= 1 && from < to && multiplier >= 0)) {
      return `'${item}' is not a part of the day (expected flat, peaks, or from-to:multiplier with 0 ≤ from < to ≤ 1, e.g. 0.85-1:2)`;
    }
    parts.push({ from, to, multiplier });
  }
  return parts;
}

/** Relative arrival rate of each tick of a day (parts listed later win where parts overlap). */
export function tickRates(parts: readonly ProfilePart[], ticksPerDay: number): Float64Array {
  const rates = new Float64Array(ticksPerDay).fill(1);
  for (let t = 0; t < ticksPerDay; t++) {
    const at = (t + 0.5) / ticksPerDay;
    for (const p of parts) if (at >= p.from && at < p.to) rates[t] = p.multiplier;
  }
  return rates;
}
