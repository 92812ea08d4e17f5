// Savings recommendations: opening the page recomputes them from the store
// (new ones appear, stale ones close), then lists them. Totals come from the
// unfiltered list so they stay put while the user filters; every status
// change reloads both from the core, so the screen shows what is stored.

import {
  backend,
  BackendError,
  type Locale,
  type RecommendationDetail,
  type RecommendationKind,
  type RecommendationList,
  type RecommendationQuery,
  type RecommendationStatus,
  type ResourceDetail,
} from "../backend";

export interface RecommendationFilters {
  kind: RecommendationKind | null;
  provider: string | null;
  /** `null` lists every status but closed. */
  status: RecommendationStatus | null;
  search: string;
}

const noFilters = (): RecommendationFilters => ({ kind: null, provider: null, status: null, search: "" });

class RecommendationsState {
  /** The filtered list the table shows. */
  list = $state.raw<RecommendationList | null>(null);
  /** Everything but closed, for the totals and the filter choices. */
  all = $state.raw<RecommendationList | null>(null);
  filters = $state<RecommendationFilters>(noFilters());
  loading = $state(false);
  refreshing = $state(false);
  error = $state.raw<BackendError | null>(null);

  selectedId = $state<string | null>(null);
  detail = $state.raw<RecommendationDetail | null>(null);
  detailError = $state.raw<BackendError | null>(null);
  busy = $state(false);
  changeError = $state.raw<BackendError | null>(null);

  /** The resource drill-down opened from a recommendation. */
  resourceId = $state<string | null>(null);
  resource = $state.raw<ResourceDetail | null>(null);
  resourceError = $state.raw<BackendError | null>(null);

  #request = 0;
  /** Savings are also shown in this currency where a rate is known. */
  displayCurrency = $state<string | null>(null);

  /** Providers present in the list, for the filter. */
  get providers(): string[] {
    return [...new Set((this.all?.items ?? []).map((r) => r.provider))].sort();
  }

  query(filtered: boolean): RecommendationQuery {
    const f = filtered ? this.filters : noFilters();
    const search = f.search.trim();
    return {
      kinds: f.kind ? [f.kind] : [],
      providers: f.provider ? [f.provider] : [],
      status: f.status,
      search: search === "" ? null : search,
      display_currency: this.displayCurrency,
    };
  }

  /** Recomputes from the store, then lists. */
  async open(locale: Locale, displayCurrency: string | null): Promise<void> {
    this.displayCurrency = displayCurrency;
    this.refreshing = true;
    try {
      await backend.recommendations.refreshRecommendations();
    } catch (error) {
      this.error = BackendError.from(error);
      this.refreshing = false;
      return;
    }
    this.refreshing = false;
    await this.load(locale);
  }

  async load(locale: Locale, displayCurrency: string | null = this.displayCurrency): Promise<void> {
    this.displayCurrency = displayCurrency;
    const request = ++this.#request;
    this.loading = true;
    try {
      const [list, all] = await Promise.all([
        backend.recommendations.recommendations(this.query(true), locale),
        backend.recommendations.recommendations(this.query(false), locale),
      ]);
      if (request !== this.#request) return;
      this.list = list;
      this.all = all;
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = BackendError.from(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  setFilters(next: Partial<RecommendationFilters>, locale: Locale): Promise<void> {
    this.filters = { ...this.filters, ...next };
    return this.load(locale);
  }

  async select(id: string | null, locale: Locale): Promise<void> {
    this.selectedId = id;
    this.detail = null;
    this.detailError = null;
    this.changeError = null;
    if (!id) return;
    try {
      const detail = await backend.recommendations.recommendationDetail(id, locale);
      if (this.selectedId === id) this.detail = detail;
    } catch (error) {
      if (this.selectedId === id) this.detailError = BackendError.from(error);
    }
  }

  /** Dismissing needs a reason; the core refuses one without. */
  async setStatus(id: string, status: RecommendationStatus, note: string | null, locale: Locale): Promise<boolean> {
    this.busy = true;
    this.changeError = null;
    try {
      await backend.recommendations.setRecommendationStatus(id, status, note);
    } catch (error) {
      this.changeError = BackendError.from(error);
      return false;
    } finally {
      this.busy = false;
    }
    await Promise.all([this.load(locale), this.select(id, locale)]);
    return true;
  }

  /** The cost drill-down of a recommendation's resource over its evidence window. */
  async openResource(id: string, from: string, to: string, locale: Locale): Promise<void> {
    this.resourceId = id;
    this.resource = null;
    this.resourceError = null;
    try {
      // Savings are measured on billed cost, so the drill-down shows billed cost.
      const detail = await backend.explore.resourceDetail(id, from, to, "billed", this.displayCurrency, locale);
      if (this.resourceId === id) this.resource = detail;
    } catch (error) {
      if (this.resourceId === id) this.resourceError = BackendError.from(error);
    }
  }

  closeResource(): void {
    this.resourceId = null;
    this.resource = null;
    this.resourceError = null;
  }

  reset(): void {
    this.#request++;
    this.list = null;
    this.all = null;
    this.filters = noFilters();
    this.loading = false;
    this.refreshing = false;
    this.error = null;
    this.selectedId = null;
    this.detail = null;
    this.detailError = null;
    this.busy = false;
    this.changeError = null;
    this.closeResource();
  }
}

export const recommendations = new RecommendationsState();
