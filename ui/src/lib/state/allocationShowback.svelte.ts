// Showback: one month of cost per value of a virtual tag, shared costs applied,
// optionally as of an older rule version. Requests are numbered so a slow
// answer for a month the user already left never overwrites the newer one.

import { backend, BackendError, type CostMetric } from "../backend";
import type { ExploreQuery, ExploreResult } from "../backend";
import { addMonths } from "../allocation/month";
import type { Locale } from "../i18n/catalogs";

export interface ShowbackParams {
  tag: string;
  month: string;
  metric: CostMetric;
  currency: string | null;
  version: number | null;
}

export function showbackQuery(p: ShowbackParams): ExploreQuery {
  return {
    group_by: [`vtag:${p.tag}`],
    filters: [],
    from: p.month,
    to: addMonths(p.month, 1),
    granularity: "day",
    metric: p.metric,
    display_currency: p.currency,
    rules_version: p.version,
    apply_shared_costs: true,
    limit: 0,
  };
}

class ShowbackState {
  tag = $state<string | null>(null);
  month = $state<string | null>(null);
  /** `null` = the current rules. */
  version = $state<number | null>(null);
  result = $state.raw<ExploreResult | null>(null);
  loading = $state(false);
  error = $state.raw<BackendError | null>(null);

  #request = 0;

  async load(params: ShowbackParams, locale: Locale): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const result = await backend.explore.explore(showbackQuery(params), "stacked_bar", locale);
      if (request !== this.#request) return;
      this.result = result;
      this.error = null;
    } catch (error) {
      if (request === this.#request) {
        this.error = BackendError.from(error);
        this.result = null;
      }
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  reset(): void {
    this.#request++;
    this.tag = null;
    this.month = null;
    this.version = null;
    this.result = null;
    this.loading = false;
    this.error = null;
  }
}

export const showback = new ShowbackState();
