// A chart with a forecast band hands back each range's lower and upper edge
// as its own series (marked ↓ / ↑, for hover); a legend shows each once.

interface Entry {
  label: string;
  color: string;
  /** The series as the data spells it (the label may be translated). */
  key?: string;
}

const EDGE = / [↓↑]$/u;

export function bandLegend<T extends Entry>(series: readonly T[]): Required<Entry>[] {
  return series
    .map((s) => ({ label: s.label.replace(EDGE, ""), color: s.color, key: (s.key ?? s.label).replace(EDGE, "") }))
    .filter((s, i, all) => all.findIndex((o) => o.label === s.label) === i);
}
