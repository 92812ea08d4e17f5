// The discount analysis rows (one per series and month) turned into one
// row per provider, billing account, service and currency with its months.

import type { DiscountRowView } from "../backend";

export interface DiscountSeries {
  key: string;
  provider: string;
  billing_account: string;
  service: string;
  currency: string;
  months: Map<string, DiscountRowView>;
  /** The newest month's row. */
  latest: DiscountRowView;
  /** A month without a negotiated discount, or one where the rate moved. */
  notable: boolean;
}

export function discountSeries(rows: DiscountRowView[]): { months: string[]; series: DiscountSeries[] } {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const byKey = new Map<string, DiscountSeries>();
  for (const r of rows) {
    const key = [r.provider, r.billing_account, r.service, r.currency].join("\u0000");
    let s = byKey.get(key);
    if (!s) {
      s = { key, provider: r.provider, billing_account: r.billing_account, service: r.service, currency: r.currency, months: new Map(), latest: r, notable: false };
      byKey.set(key, s);
    }
    s.months.set(r.month, r);
    if (r.month >= s.latest.month) s.latest = r;
    if (r.no_discount || r.rate_change !== null) s.notable = true;
  }
  return { months, series: [...byKey.values()] };
}
