// Locale formatting of exact decimals. Intl.NumberFormat only takes numbers
// (inexact) or BigInt (integers), so the integer part is formatted as a BigInt
// (exact grouping at any size) and our own, already rounded, fraction digits are
// put in place of the fraction Intl produced.

import { isZero, roundHalfAwayFromZero, splitDecimal, type Decimal } from "./decimal";

const formatters = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat instances are costly to build; tables format thousands of cells. */
export function cachedNumberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let nf = formatters.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    formatters.set(key, nf);
  }
  return nf;
}

/**
 * Formats `value` rounded half away from zero to exactly `digits` fraction
 * digits. `nf` must have minimumFractionDigits = maximumFractionDigits = digits
 * so Intl emits a fraction part for us to replace.
 */
export function formatDecimal(nf: Intl.NumberFormat, value: Decimal, digits: number): string {
  const rounded = roundHalfAwayFromZero(value, digits);
  // A value that rounds to zero is shown as plain zero: "-$0.00" would be noise.
  if (isZero(rounded)) return nf.format(0n);
  const { integer, fraction } = splitDecimal(rounded);
  // BigInt has no -0, so "-0.50" is formatted from a template of -1 whose
  // integer digit is then replaced by the locale's zero.
  const template = integer === 0n ? 1n : integer;
  const parts = nf.formatToParts(rounded.negative ? -template : template);
  const zero = integer === 0n ? localeZero(nf) : "";
  return parts
    .map((part) => {
      if (part.type === "fraction") return fraction;
      if (part.type === "integer" && integer === 0n) return zero;
      return part.value;
    })
    .join("");
}

function localeZero(nf: Intl.NumberFormat): string {
  return nf.formatToParts(0n).find((p) => p.type === "integer")?.value ?? "0";
}
