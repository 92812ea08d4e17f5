// The showback table's rows: one per team and currency, in the core's order,
// with an "untagged" row for every currency even when it is zero, so spend no
// rule claims is always in sight.

import type { ExploreGroupTotal, ExploreResult } from "../backend";

export interface ShowbackRow {
  team: string | null;
  currency: string;
  amount: string;
  share: string;
  /** The folded "other" group (only with a group limit). */
  other: boolean;
}

export function showbackRows(result: ExploreResult): ShowbackRow[] {
  const currencies = [...new Set([...result.grand_totals.map((g) => g.currency), ...result.totals.map((t) => t.currency)])];
  const rows: ShowbackRow[] = [];
  for (const currency of currencies) {
    const totals = result.totals.filter((t) => t.currency === currency);
    const named = totals.filter((t) => !isUntagged(t));
    const untagged = totals.find(isUntagged);
    for (const t of named) rows.push({ team: t.groups[0] ?? null, currency, amount: t.amount, share: t.share, other: t.other });
    rows.push({ team: null, currency, amount: untagged?.amount ?? "0", share: untagged?.share ?? "0", other: false });
  }
  return rows;
}

function isUntagged(total: ExploreGroupTotal): boolean {
  return !total.other && (total.groups[0] ?? null) === null;
}
