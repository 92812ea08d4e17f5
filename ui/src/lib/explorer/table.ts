// The explorer table: one row per group (and currency), its total, share and
// optionally one column per period, sorted by any column. Amounts stay exact
// strings; per-period sums are the engine's rows, never recomputed here.
import type { CompareRow, ExploreResult } from "../backend";
import { compareDecimal } from "./compareDecimal";

export interface TableRow {
  key: string;
  groups: (string | null)[];
  currency: string;
  amount: string;
  share: string;
  other: boolean;
  /** Amount per period start; absent = no cost in that period. */
  byPeriod: Record<string, string>;
  compare: CompareRow | null;
}

/** "total", "share", "delta", "delta_percent", a group index "g0"/"g1", or a period start "p:YYYY-MM-DD". */
export type SortKey = string;
export type SortDir = "asc" | "desc";

export function groupKey(groups: readonly (string | null)[], currency: string): string {
  return JSON.stringify([groups, currency]);
}

export function buildRows(result: ExploreResult, compare: CompareRow[] | null): TableRow[] {
  const periods = new Map<string, Record<string, string>>();
  for (const row of result.rows) {
    const key = groupKey(row.groups, row.currency);
    let cells = periods.get(key);
    if (!cells) periods.set(key, (cells = {}));
    cells[row.period] = row.amount;
  }
  const deltas = new Map((compare ?? []).map((c) => [groupKey(c.groups, c.currency), c]));
  return result.totals.map((total) => {
    const key = groupKey(total.groups, total.currency);
    return {
      key,
      groups: total.groups,
      currency: total.currency,
      amount: total.amount,
      share: total.share,
      other: total.other,
      byPeriod: periods.get(key) ?? {},
      compare: deltas.get(key) ?? null,
    };
  });
}

function cell(row: TableRow, key: SortKey): string | null {
  if (key === "total") return row.amount;
  if (key === "share") return row.share;
  if (key === "delta") return row.compare?.delta ?? null;
  if (key === "delta_percent") return row.compare?.delta_percent ?? null;
  if (key.startsWith("p:")) return row.byPeriod[key.slice(2)] ?? "0";
  return null;
}

function text(row: TableRow, key: SortKey): string | null {
  const index = /^g(\d)$/.exec(key);
  return index ? (row.groups[Number(index[1])] ?? null) : null;
}

/**
 * Sorted copy, by currency first. The folded "other" group always stays last, as it is not a
 * group of its own; missing values (untagged, no comparison) sort last too.
 */
export function sortRows(rows: readonly TableRow[], key: SortKey, dir: SortDir): TableRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const isText = /^g\d$/.test(key);
  return [...rows].sort((a, b) => {
    if (a.currency !== b.currency) return a.currency < b.currency ? -1 : 1;
    if (a.other !== b.other) return a.other ? 1 : -1;
    const x = isText ? text(a, key) : cell(a, key);
    const y = isText ? text(b, key) : cell(b, key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = isText ? x.localeCompare(y) : compareDecimal(x, y);
    return order * sign;
  });
}

/** Rows grouped by currency, in first-seen order (amounts in different currencies are never added). */
export function currencies(rows: readonly TableRow[]): string[] {
  return [...new Set(rows.map((r) => r.currency))];
}
