// Rates shown with one precision down a column: every rate padded with zeros
// to the most decimals any shown rate has (at least four), so digits line up
// and 7.2 never sits beside 7.18340000 looking less precise than it is. Only
// zeros are added: the stored rate is shown exactly, never rounded.

const MIN_PLACES = 4;

function places(rate: string): number {
  const dot = rate.indexOf(".");
  return dot === -1 ? 0 : rate.length - dot - 1;
}

/** The decimals a column of `rates` is shown with. */
export function ratePlaces(rates: readonly string[]): number {
  return rates.reduce((most, r) => Math.max(most, places(r.trim())), MIN_PLACES);
}

/** `rate` padded with zeros to `digits` decimals (a longer rate stays as it is). */
export function rateText(rate: string, digits: number): string {
  const r = rate.trim();
  const have = places(r);
  if (have >= digits) return r;
  return (have === 0 ? `${r}.` : r) + "0".repeat(digits - have);
}
