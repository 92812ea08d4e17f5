// The chart's series are labelled by the engine; the legend's click-to-filter
// needs the group values behind a label. Matched against the table's groups,
// whatever separator the engine put between two grouping values.
import type { ExploreGroupTotal } from "../backend";

const SEPARATORS = [" / ", " · ", " | ", ", ", " – ", " - ", " × "];

export function seriesGroups(label: string, totals: readonly ExploreGroupTotal[]): (string | null)[] | null {
  for (const total of totals) {
    if (total.other || total.groups.some((g) => g === null)) continue;
    const values = total.groups as string[];
    if (values.length === 1 && values[0] === label) return total.groups;
    if (values.length > 1 && SEPARATORS.some((sep) => values.join(sep) === label)) return total.groups;
  }
  return null;
}
