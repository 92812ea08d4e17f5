// The Overview's data for the current metric. Requests are numbered so a slow
// answer for a metric the user already switched away from never overwrites the
// newer one.

import { backend, BackendError, type CostMetric, type ForecastOverlay, type OverviewCharges, type OverviewView } from "../backend";
import type { Locale } from "../i18n/catalogs";

class OverviewState {
  /** Raw (not deeply proxied): a large, immutable payload replaced as a whole. */
  data = $state.raw<OverviewView | null>(null);
  error = $state.raw<BackendError | null>(null);
  loading = $state(false);

  /** Each currency's daily chart with its forecast band, asked for after
   * the Overview is on screen (a forecast takes far longer than the sums). */
  bands = $state.raw<ForecastOverlay[]>([]);
  bandsLoading = $state(false);
  bandsFailed = $state(false);

  /** Charge types hidden and whether period charges are spread (the toggles). */
  charges = $state<OverviewCharges>({ hidden: [], spread_periods: false });

  #request = 0;
  #bandRequest = 0;
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

  /** `currency`: the display currency, or `null` for billing currencies. */
  async load(metric: CostMetric, currency: string | null, locale: Locale): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const charges = $state.snapshot(this.charges) as OverviewCharges;
      const data = await backend.overview.overview(metric, currency, locale, charges);
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

  async loadBands(metric: CostMetric, currency: string | null, locale: Locale): Promise<void> {
    const request = ++this.#bandRequest;
    this.bandsLoading = true;
    try {
      const bands = await backend.overview.overviewForecast(metric, currency, locale);
      if (request !== this.#bandRequest) return;
      this.bands = bands;
      this.bandsFailed = false;
    } catch {
      if (request !== this.#bandRequest) return;
      // The Overview stands without its band; the card says it failed.
      this.bands = [];
      this.bandsFailed = true;
    } finally {
      if (request === this.#bandRequest) this.bandsLoading = false;
    }
  }

  reset(): void {
    this.charges = { hidden: [], spread_periods: false };
    this.#request++;
    this.#bandRequest++;
    this.bands = [];
    this.bandsLoading = false;
    this.bandsFailed = false;
    this.#paintReported = false;
    this.data = null;
    this.error = null;
    this.loading = false;
  }
}

export const overview = new OverviewState();
