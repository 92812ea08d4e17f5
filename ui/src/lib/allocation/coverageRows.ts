// The tag coverage table's order: by scope name, by spend, or by one key's
// share of spend. Amounts and shares stay exact decimal strings; ordering
// compares them exactly, never as floats.

import type { CoverageRow } from "../backend";
import { parseDecimal, type Decimal } from "../format/decimal";

/** "scope", "total", or the index of a tag key. */
export type CoverageSort = "scope" | "total" | number;

export interface SortState {
  by: CoverageSort;
  descending: boolean;
}

export function scopeName(row: CoverageRow): string {
  return [row.provider, row.billing_account, row.service].filter((part) => part !== null).join(" / ");
}

function compareDecimal(a: Decimal, b: Decimal): number {
  const signed = (d: Decimal) => (d.negative ? -d.units : d.units);
  const scale = Math.max(a.scale, b.scale);
  const x = signed(a) * 10n ** BigInt(scale - a.scale);
  const y = signed(b) * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A missing share (zero total) sorts below every share. */
function compareShare(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compareDecimal(parseDecimal(a), parseDecimal(b));
}

export function sortCoverage(rows: readonly CoverageRow[], sort: SortState): CoverageRow[] {
  const order = (a: CoverageRow, b: CoverageRow): number => {
    if (sort.by === "scope") return scopeName(a).localeCompare(scopeName(b)) || a.currency.localeCompare(b.currency);
    if (sort.by === "total") return compareDecimal(parseDecimal(a.total), parseDecimal(b.total));
    return compareShare(a.shares[sort.by] ?? null, b.shares[sort.by] ?? null);
  };
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * order(a, b) || scopeName(a).localeCompare(scopeName(b)));
}

/** Clicking the column already sorted flips it; another column sorts it highest first (names A to Z). */
export function nextSort(current: SortState, by: CoverageSort): SortState {
  if (current.by === by) return { by, descending: !current.descending };
  return { by, descending: by !== "scope" };
}
