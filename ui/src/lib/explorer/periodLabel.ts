// How a period is named in notes: a month by its name, a week by its Monday,
// a day by its date.
import type { Granularity } from "../backend";
import { formatDay, formatMonth } from "../format/date";

export function periodLabel(period: string, granularity: Granularity, locale: string): string {
  return granularity === "month" ? formatMonth(period, locale) : formatDay(period, locale, "medium");
}
