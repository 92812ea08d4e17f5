// The Explorer's forecast band: off until the user asks for it, then asked
// for after every day query (a forecast takes longer than the query).
// Requests are numbered so an answer for an older view never shows.

import { backend, type ChartStyle, type ExploreQuery, type ForecastOverlay } from "../backend";
import type { Locale } from "../i18n/catalogs";

/** Only a day query in money has a band. */
export function takesBand(query: ExploreQuery): boolean {
  return query.granularity === "day" && (query.metric === "billed" || query.metric === "effective");
}

class ExplorerBandState {
  on = $state(false);
  band = $state.raw<ForecastOverlay | null>(null);
  loading = $state(false);
  failed = $state(false);

  #request = 0;

  async load(query: ExploreQuery, style: ChartStyle, locale: Locale): Promise<void> {
    const request = ++this.#request;
    if (!this.on || !takesBand(query)) {
      this.band = null;
      this.loading = false;
      this.failed = false;
      return;
    }
    this.loading = true;
    try {
      const band = await backend.explore.exploreForecast(query, style, locale);
      if (request !== this.#request) return;
      this.band = band;
      this.failed = false;
    } catch {
      if (request !== this.#request) return;
      this.band = null;
      this.failed = true;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}

export const explorerBand = new ExplorerBandState();
