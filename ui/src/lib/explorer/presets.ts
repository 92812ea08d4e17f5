// Time range presets, anchored on the latest day with data (so an old bill
// still gives useful ranges), as the engine's [from, to) day strings.

export type Preset = "mtd" | "last_month" | "last_30" | "last_90" | "quarter" | "ytd" | "custom";

export const PRESETS: readonly Exclude<Preset, "custom">[] = ["mtd", "last_month", "last_30", "last_90", "quarter", "ytd"];

export interface DayRange {
  /** Inclusive. */
  from: string;
  /** Exclusive. */
  to: string;
}

const DAY_MS = 86_400_000;

function toDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Today in UTC, the fallback anchor when the store's latest day is unknown. */
export function todayUtc(now: Date = new Date()): string {
  return toDay(now);
}

/** The range of a preset; `anchor` is the last day to include. */
export function presetRange(preset: Exclude<Preset, "custom">, anchor: string): DayRange {
  const a = toDate(anchor);
  const y = a.getUTCFullYear();
  const m = a.getUTCMonth();
  const end = addDays(anchor, 1);
  switch (preset) {
    case "mtd":
      return { from: toDay(new Date(Date.UTC(y, m, 1))), to: end };
    case "last_month":
      return { from: toDay(new Date(Date.UTC(y, m - 1, 1))), to: toDay(new Date(Date.UTC(y, m, 1))) };
    case "last_30":
      return { from: addDays(anchor, -29), to: end };
    case "last_90":
      return { from: addDays(anchor, -89), to: end };
    case "quarter":
      return { from: toDay(new Date(Date.UTC(y, m - (m % 3), 1))), to: end };
    case "ytd":
      return { from: toDay(new Date(Date.UTC(y, 0, 1))), to: end };
  }
}

/** Which preset a restored range is (saved views keep dates, not presets). */
export function detectPreset(range: DayRange, anchor: string): Preset {
  for (const preset of PRESETS) {
    const r = presetRange(preset, anchor);
    if (r.from === range.from && r.to === range.to) return preset;
  }
  return "custom";
}

/** The last included day of an exclusive range, for display. */
export function lastDay(range: DayRange): string {
  return addDays(range.to, -1);
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && toDay(toDate(text)) === text;
}

/** The range one period covers, for zooming into a clicked chart band. */
export function periodRange(start: string, granularity: "day" | "week" | "month"): DayRange {
  if (granularity === "day") return { from: start, to: addDays(start, 1) };
  if (granularity === "week") return { from: start, to: addDays(start, 7) };
  const d = toDate(start);
  return { from: start, to: toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) };
}
