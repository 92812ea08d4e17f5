// The Overview's data for the current metric. Requests are numbered so a slow
// answer for a metric the user already switched away from never overwrites the
// newer one.

import { backend, BackendError, type CostMetric, type OverviewView } from "../backend";
import type { Locale } from "../i18n/catalogs";

class OverviewState {
  /** Raw (not deeply proxied): a large, immutable payload replaced as a whole. */
  data = $state.raw<OverviewView | null>(null);
  error = $state.raw<BackendError | null>(null);
  loading = $state(false);

  #request = 0;

  async load(metric: CostMetric, locale: Locale): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const data = await backend.overview(metric, locale);
      if (request !== this.#request) return;
      this.data = data;
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = BackendError.from(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  reset(): void {
    this.#request++;
    this.data = null;
    this.error = null;
    this.loading = false;
  }
}

export const overview = new OverviewState();
