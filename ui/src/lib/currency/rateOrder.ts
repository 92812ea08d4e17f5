// Orders decimal rate strings exactly (no float parsing).

import { parseDecimal } from "../format/decimal";

/** Negative, zero or positive like a sort comparator; text that is not a decimal sorts last. */
export function compareDecimals(a: string, b: string): number {
  let x, y;
  try {
    x = parseDecimal(a);
  } catch {
    return 1;
  }
  try {
    y = parseDecimal(b);
  } catch {
    return -1;
  }
  const scale = Math.max(x.scale, y.scale);
  const ux = (x.negative ? -1n : 1n) * x.units * 10n ** BigInt(scale - x.scale);
  const uy = (y.negative ? -1n : 1n) * y.units * 10n ** BigInt(scale - y.scale);
  return ux < uy ? -1 : ux > uy ? 1 : 0;
}
