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
  #paintReported = false;

  /** Tells the core, once per launch, that the first dashboard is on screen
   * (two frames after the DOM update), for the launch-to-dashboard figure. */
  reportFirstPaint(): void {
    if (this.#paintReported) return;
    this.#paintReported = true;
    // Only a measurement: whatever happens to it must not reach the user.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        Promise.resolve()
          .then(() => backend.session.uiPainted())
          .catch(() => {});
      }),
    );
  }

  async load(metric: CostMetric, locale: Locale): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const data = await backend.overview.overview(metric, locale);
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
    this.#paintReported = false;
    this.data = null;
    this.error = null;
    this.loading = false;
  }
}

export const overview = new OverviewState();
