// A chart with a forecast band hands back each range's lower and upper edge
// as its own series (marked ↓ / ↑, for hover); a legend shows each once.

interface Entry {
  label: string;
  color: string;
}

export function bandLegend<T extends Entry>(series: readonly T[]): Entry[] {
  return series
    .map((s) => ({ label: s.label.replace(/ [↓↑]$/u, ""), color: s.color }))
    .filter((s, i, all) => all.findIndex((o) => o.label === s.label) === i);
}
