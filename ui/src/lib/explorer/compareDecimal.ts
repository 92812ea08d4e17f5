// Orders exact decimal strings without turning them into floats.
import { parseDecimal } from "../format/decimal";

/** -1, 0 or 1; unparsable text sorts as zero. */
export function compareDecimal(a: string, b: string): number {
  const x = safeParse(a);
  const y = safeParse(b);
  const scale = Math.max(x.scale, y.scale);
  const xv = (x.negative ? -1n : 1n) * x.units * 10n ** BigInt(scale - x.scale);
  const yv = (y.negative ? -1n : 1n) * y.units * 10n ** BigInt(scale - y.scale);
  return xv < yv ? -1 : xv > yv ? 1 : 0;
}

function safeParse(text: string) {
  try {
    return parseDecimal(text);
  } catch {
    return { negative: false, units: 0n, scale: 0 };
  }
}
