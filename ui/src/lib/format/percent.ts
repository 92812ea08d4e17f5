// Percentages arrive already multiplied by 100 as exact strings ("12.34" means
// 12.34 %), so they are formatted with the "percent" unit, which does not scale.

import { parseDecimal } from "./decimal";
import { cachedNumberFormat, formatDecimal } from "./number";

export interface PercentOptions {
  /** Fraction digits shown; default 1. */
  digits?: number;
  /** Show "+" on positive values (for changes); default false. */
  signed?: boolean;
}

export function formatPercent(pct: string, locale: string, options: PercentOptions = {}): string {
  const digits = options.digits ?? 1;
  const nf = cachedNumberFormat(locale, {
    style: "unit",
    unit: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: options.signed ? "exceptZero" : "auto",
  });
  try {
    return formatDecimal(nf, parseDecimal(pct), digits);
  } catch {
    return `${pct}%`;
  }
}

/** Sign of a decimal string: -1, 0 or 1 (after rounding to `digits`, so "0.001" at 1 digit is 0). */
export function decimalSign(pct: string, digits = 1): -1 | 0 | 1 {
  try {
    const d = parseDecimal(pct);
    const scaled = d.units * 10n ** BigInt(Math.max(0, digits)) * 2n;
    // |value| rounds to zero when |value| * 10^digits < 0.5.
    if (scaled < 10n ** BigInt(d.scale)) return 0;
    return d.negative ? -1 : 1;
  } catch {
    return 0;
  }
}
