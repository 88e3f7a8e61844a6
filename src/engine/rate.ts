// Exact cost rates. A rate such as 0.0001 or 2.5 bps has no exact binary representation, so
// `amount × rate` in doubles can land on the wrong side of a half cent. A rate is therefore held
// as the decimal fraction the user wrote (numerator / 10^k), and products are rounded in integer
// arithmetic: researchers check our costs by hand, to the cent.


export interface ExactRate {
  readonly numerator: number;
  readonly denominator: number;
  /** The rate as a double, for attribution figures that are not money. */
  readonly value: number;
}

/** The decimal fraction behind a finite double, from its shortest round-trip representation. */
export function exactRate(rate: number, divisor = 1): ExactRate {
  const { numerator, denominator } = decimalFraction(rate, divisor);
  return { numerator: Number(numerator), denominator: Number(denominator), value: rate / divisor };
}

/**
 * round(cents × factor), half away from zero, in exact integer arithmetic whatever the factor's
 * digits (a fraction such as 1e-30 has a denominator far beyond doubles; exactRate would lose it).
 */
export function multiplyExact(cents: number, factor: number): number {
  if (cents === 0 || factor === 0) return 0;
  const { numerator, denominator } = decimalFraction(factor, 1);
  return Number(divideRoundedBig(BigInt(cents) * numerator, denominator));
}

function decimalFraction(rate: number, divisor: number): { numerator: bigint; denominator: bigint } {
  if (!Number.isFinite(rate)) throw new RangeError(`rate must be finite, got ${rate}`);
  const text = rate.toString();
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) throw new RangeError(`cannot read rate ${text}`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  let digits = BigInt(whole! + fraction);
  let scale = fraction.length - Number(exponentText);
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  let numerator = sign === '-' ? -digits : digits;
  let denominator = 10n ** BigInt(scale) * BigInt(divisor);
  const g = gcd(numerator < 0n ? -numerator : numerator, denominator);
  if (g > 1n) {
    numerator /= g;
    denominator /= g;
  }
  return { numerator, denominator };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** round(cents × rate), half away from zero, exact. */
export function applyRate(cents: number, rate: ExactRate): number {
  if (cents === 0 || rate.numerator === 0) return 0;
  const product = cents * rate.numerator;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(rate.denominator)) {
    return divideRounded(product, rate.denominator);
  }
  return Number(divideRoundedBig(BigInt(cents) * BigInt(rate.numerator), BigInt(rate.denominator)));
}

/** round(cents × rate) for a count of cents beyond doubles' exact integers (a payment's cent-ticks). */
export function applyRateBig(cents: bigint, rate: ExactRate): number {
  return Number(divideRoundedBig(cents * BigInt(rate.numerator), BigInt(rate.denominator)));
}

function divideRounded(n: number, d: number): number {
  const magnitude = Math.abs(n);
  const q = Math.floor(magnitude / d);
  // floor of a double quotient can be off by one for large n; correct with the exact remainder.
  let quotient = q;
  let remainder = magnitude - quotient * d;
  if (remainder < 0) {
    quotient -= 1;
    remainder += d;
  } else if (remainder >= d) {
    quotient += 1;
    remainder -= d;
  }
  if (2 * remainder >= d) quotient += 1;
  return n < 0 ? -quotient : quotient;
}

function divideRoundedBig(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const magnitude = negative ? -n : n;
  let quotient = magnitude / d;
  if (2n * (magnitude % d) >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

/**
 * floor(Σ value × (1 − haircut)) over collateral holdings, exact: each haircut is the decimal
 * fraction written (0.07 is 7/100, not the double 1 − 0.07 = 0.9299999999999999), the terms are
 * summed as one fraction and floored once, to the cent below (a central bank never lends the
 * fraction of a cent its collateral does not cover).
 */
export function haircutCapacity(holdings: ReadonlyArray<{ readonly value: number; readonly haircut: number }>): number {
  let numerator = 0n;
  let denominator = 1n;
  for (const { value, haircut } of holdings) {
    const h = decimalFraction(haircut, 1);
    const termNumerator = BigInt(value) * (h.denominator - h.numerator);
    const common = (denominator / gcd(denominator, h.denominator)) * h.denominator;
    numerator = numerator * (common / denominator) + termNumerator * (common / h.denominator);
    denominator = common;
  }
  return Number(numerator / denominator);
}
