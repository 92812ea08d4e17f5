// Checks a rate typed by hand before it goes to the core. The rate stays the
// exact decimal text the user typed (trimmed); it is never parsed into a float.

import type { ExchangeRate } from "../backend";
import { isCurrencyCode } from "../state/currency.svelte";

export type RateProblem = "date" | "from" | "to" | "samePair" | "rate" | "rateZero";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const POSITIVE_DECIMAL = /^\d+(\.\d+)?$/;

function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The trimmed, upper-cased rate, or the first problem found. */
export function validateRate(input: ExchangeRate): { rate: ExchangeRate } | { problem: RateProblem } {
  const rate: ExchangeRate = {
    date: input.date.trim(),
    from: input.from.trim().toUpperCase(),
    to: input.to.trim().toUpperCase(),
    rate: input.rate.trim(),
  };
  if (!isCalendarDay(rate.date)) return { problem: "date" };
  if (!isCurrencyCode(rate.from)) return { problem: "from" };
  if (!isCurrencyCode(rate.to)) return { problem: "to" };
  if (rate.from === rate.to) return { problem: "samePair" };
  if (!POSITIVE_DECIMAL.test(rate.rate)) return { problem: "rate" };
  if (/^[0.]+$/.test(rate.rate)) return { problem: "rateZero" };
  return { rate };
}

/** Same date and pair: the table's key (one rate per pair per day). */
export function sameRateKey(a: ExchangeRate, b: ExchangeRate): boolean {
  return a.date === b.date && a.from === b.from && a.to === b.to;
}
