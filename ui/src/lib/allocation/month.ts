// Calendar months as `YYYY-MM-01` strings, computed on integers (no time zones).

const MONTH = /^(\d{4})-(\d{2})/;

export function monthStart(iso: string): string | null {
  const m = MONTH.exec(iso);
  return m ? `${m[1]}-${m[2]}-01` : null;
}

/** `2025-12-01`, +1 -> `2026-01-01`. */
export function addMonths(start: string, delta: number): string {
  const m = MONTH.exec(start);
  if (!m) return start;
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + delta;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;
}

/** The first day of the current UTC month. */
export function currentMonth(now: Date = new Date()): string {
  return `${String(now.getUTCFullYear()).padStart(4, "0")}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01`;
}

/** The window value pickers search in: the last 13 months up to the end of this one. */
export function pickerRange(now: Date = new Date()): { from: string; to: string } {
  const month = currentMonth(now);
  return { from: addMonths(month, -12), to: addMonths(month, 1) };
}
