// What a number literal in a document says exactly, before a double rounds it. Money is integer
// cents, and a double rounds `4503599627370496.5` or `100.000000000000001` to an integer: the
// readers keep such literals as their text, so an integer field refuses them instead of running
// with a value the user did not write. Integer literals beyond 2^53 stay text for the same reason.

const DECIMAL = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** True when decimal `text` (optional sign, digits, fraction, exponent) denotes an integer exactly. */
export function isIntegerLiteral(text: string): boolean {
  const match = DECIMAL.exec(text);
  if (match === null) return false;
  const whole = match[1] ?? '';
  const digits = whole + (match[2] ?? '');
  if (digits === '') return false;
  // Digits at or past the decimal point (after the exponent moves it) must all be zero.
  const point = whole.length + Number(match[3] ?? '0');
  for (let i = Math.max(0, point); i < digits.length; i++) if (digits.charCodeAt(i) !== 0x30) return false;
  return true;
}

/**
 * The value a number literal is read as: its double, or the literal's own text where the double
 * would misstate it: a fraction finer than the double keeps (the double is an integer, the text is
 * not), or an integer literal (digits only) beyond 2^53.
 */
export function literalValue(text: string, value: number): number | string {
  if (!Number.isInteger(value)) return value;
  if (!isIntegerLiteral(text)) return text;
  return Number.isSafeInteger(value) || /[.eE]/.test(text) ? value : text.replace(/^\+/, '');
}
