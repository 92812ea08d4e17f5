// Dates from the backend are calendar days ("2025-11-25") with no time zone.
// They are formatted in UTC so the day never shifts with the user's zone.

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(text: string): boolean {
  return ISO_DAY.test(text);
}

export type DayStyle = "long" | "medium" | "short" | "weekday";

const options: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  long: { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" },
  medium: { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" },
  short: { month: "short", day: "numeric", timeZone: "UTC" },
  weekday: { weekday: "short", year: "numeric", month: "short", day: "numeric", timeZone: "UTC" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2025-11-25" -> "Nov 25, 2025" (en) / "2025年11月25日" (zh-CN); other text is returned as is. */
export function formatDay(iso: string, locale: string, style: DayStyle = "medium"): string {
  const m = ISO_DAY.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options[style]);
    formatters.set(key, f);
  }
  return f.format(date);
}

/** "2025-11-01" -> "2025-10-01": the first day of the previous month. */
export function previousMonthStart(iso: string): string | null {
  const m = ISO_DAY.exec(iso);
  if (!m) return null;
  let year = Number(m[1]);
  let month = Number(m[2]) - 1;
  if (month === 0) {
    month = 12;
    year -= 1;
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2025-10-01" -> "October 2025" (en) / "2025年10月" (zh-CN). */
export function formatMonth(iso: string, locale: string): string {
  const m = ISO_DAY.exec(iso);
  if (!m) return iso;
  let f = monthFormatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" });
    monthFormatters.set(locale, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}
