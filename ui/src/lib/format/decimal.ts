// Exact decimal arithmetic on the strings the backend sends. Amounts are never
// parsed into JS numbers: a float cannot hold 1234567.891234 or anything past
// 2^53 exactly, and finance users compare these figures with their invoices.

/** A decimal as sign + digits: value = (negative ? -1 : 1) * units / 10^scale. */
export interface Decimal {
  negative: boolean;
  /** Magnitude in units of 10^-scale, never negative. */
  units: bigint;
  scale: number;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d*))?$|^([+-])?\.(\d+)$/;

/** Parses "123", "-0.005", "+1.50", ".5"; throws on anything else (exponents, spaces, NaN). */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal string: ${JSON.stringify(text)}`);
  const sign = m[1] ?? m[4];
  const intDigits = m[2] ?? "0";
  const fracDigits = m[3] ?? m[5] ?? "";
  const units = BigInt(intDigits + fracDigits);
  return { negative: sign === "-" && units !== 0n, units, scale: fracDigits.length };
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/**
 * Rounds to `digits` fraction digits, half away from zero ("half-up" as people
 * do it on paper: 0.005 -> 0.01, -0.005 -> -0.01, 0.995 -> 1.00). Chosen over
 * banker's rounding because displayed figures should match what an analyst
 * gets rounding the exact value by hand or in a spreadsheet's ROUND().
 */
export function roundHalfAwayFromZero(d: Decimal, digits: number): Decimal {
  if (d.scale <= digits) {
    return { negative: d.negative, units: d.units * pow10(digits - d.scale), scale: digits };
  }
  const divisor = pow10(d.scale - digits);
  let units = d.units / divisor;
  const remainder = d.units % divisor;
  // remainder / divisor >= 1/2, with integers only.
  if (remainder * 2n >= divisor) units += 1n;
  return { negative: d.negative && units !== 0n, units, scale: digits };
}

/** Splits into the integer part and the zero-padded fraction digits (magnitudes). */
export function splitDecimal(d: Decimal): { integer: bigint; fraction: string } {
  if (d.scale === 0) return { integer: d.units, fraction: "" };
  const divisor = pow10(d.scale);
  const integer = d.units / divisor;
  const fraction = (d.units % divisor).toString().padStart(d.scale, "0");
  return { integer, fraction };
}

function toSigned(d: Decimal, scale: number): bigint {
  const units = d.units * pow10(scale - d.scale);
  return d.negative ? -units : units;
}

function fromSigned(value: bigint, scale: number): Decimal {
  const negative = value < 0n;
  return { negative, units: negative ? -value : value, scale };
}

/** Exact sum of decimal strings (used for stacked chart band totals). */
export function sumDecimals(values: readonly string[]): Decimal {
  const parsed = values.map(parseDecimal);
  const scale = parsed.reduce((max, d) => Math.max(max, d.scale), 0);
  const total = parsed.reduce((acc, d) => acc + toSigned(d, scale), 0n);
  return fromSigned(total, scale);
}

/** Canonical string form, e.g. for data attributes or tests. */
export function decimalToString(d: Decimal): string {
  const { integer, fraction } = splitDecimal(d);
  const sign = d.negative && d.units !== 0n ? "-" : "";
  return fraction ? `${sign}${integer}.${fraction}` : `${sign}${integer}`;
}
