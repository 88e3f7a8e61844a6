// Amounts of ISO 20022 messages (decimal text in a currency) ↔ paysim amounts (integer minor
// units, "cents"). The minor-unit exponent of a currency is ISO 4217's; the codes not listed have
// two decimals, as most do.

const EXPONENT: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Decimals of the currency's minor unit (2 unless ISO 4217 says otherwise). */
export function minorDigits(currency: string): number {
  return EXPONENT[currency] ?? 2;
}

export const CURRENCY_CODE = /^[A-Z]{3}$/;
const DECIMAL = /^(\d{1,18})(?:\.(\d{1,18}))?$/;

/** The amount text in minor units of `currency`, or the problem in words. */
export function minorUnits(text: string, currency: string): number | string {
  const m = DECIMAL.exec(text);
  if (m === null) return `'${text}' is not an amount (expected a decimal number like 1250.00)`;
  const digits = minorDigits(currency);
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) return `'${text}' has more decimals than ${currency}'s ${digits} (expected whole minor units)`;
  const value = Number(m[1]! + fraction.padEnd(digits, '0'));
  if (value < 1) return `'${text}' is zero (expected an amount of at least one minor unit)`;
  if (!Number.isSafeInteger(value)) return `'${text}' is too large (expected below 2^53 minor units)`;
  return value;
}

/** Minor units as the decimal text of `currency` (1250 EUR → "12.50"; 1250 JPY → "1250"). */
export function decimalText(units: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(units);
  const text = String(units).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
