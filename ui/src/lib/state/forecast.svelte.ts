// The Forecast page's state: an explorer scope (grouping, filters, metric,
// display currency) plus a horizon. One run asks the core for every group's
// forecast, for the scope's totals per currency when it is grouped (the
// month- and quarter-end cards), and for the chart of the chosen group (or
// of the largest currency total).
// Requests are numbered so a slow answer never overwrites a newer one.

import {
  BackendError,
  backend,
  type DimensionFilter,
  type ExploreMetric,
  type ExploreQuery,
  type ForecastQuery,
  type ForecastResult,
  type ForecastSeriesChart,
  type ForecastSeriesKey,
  type SeriesForecast,
} from "../backend";
import type { Locale } from "../i18n/catalogs";
import { displayCurrency } from "./currency.svelte";

/** The metrics a forecast can follow. */
export type ForecastMetric = "billed" | "effective";

export function defaultForecastQuery(metric: ForecastMetric = "effective"): ForecastQuery {
  return {
    group_by: [],
    filters: [],
    metric,
    display_currency: displayCurrency.current,
    as_of: null,
    horizon: null,
    rules_version: null,
    apply_shared_costs: true,
  };
}

/** The forecast of an explorer view's scope (its range and granularity do not apply). */
export function queryOfExplorer(q: ExploreQuery): ForecastQuery {
  return {
    ...defaultForecastQuery(q.metric === "billed" ? "billed" : "effective"),
    group_by: [...q.group_by],
    filters: q.filters.map((f) => ({ ...f, values: [...f.values] })),
    display_currency: q.display_currency,
    rules_version: q.rules_version,
    apply_shared_costs: q.apply_shared_costs,
  };
}

export function seriesKey(s: SeriesForecast): ForecastSeriesKey {
  return { groups: [...s.groups], currency: s.currency, history_days: null };
}

export function sameSeries(a: ForecastSeriesKey, b: SeriesForecast): boolean {
  return a.currency === b.currency && a.groups.length === b.groups.length && a.groups.every((g, i) => g === b.groups[i]);
}

/** The series worth charting first: the largest month-end projection that has a forecast. */
export function firstChartable(series: readonly SeriesForecast[]): SeriesForecast | null {
  const shown = series.filter((s) => s.points.length > 0);
  const size = (s: SeriesForecast) => Math.abs(Number(s.month_end?.mean ?? "0"));
  return [...shown].sort((a, b) => size(b) - size(a))[0] ?? series[0] ?? null;
}

class ForecastState {
  query = $state<ForecastQuery>(defaultForecastQuery());
  /** The chosen series, or null for the first chartable one. */
  selected = $state.raw<ForecastSeriesKey | null>(null);

  result = $state.raw<ForecastResult | null>(null);
  /** Ungrouped forecast of the same scope (the result itself when ungrouped). */
  totals = $state.raw<ForecastResult | null>(null);
  chart = $state.raw<ForecastSeriesChart | null>(null);
  error = $state.raw<BackendError | null>(null);
  chartError = $state.raw<BackendError | null>(null);
  loading = $state(false);
  chartLoading = $state(false);

  #request = 0;
  #chartRequest = 0;

  /** Back to the start (tests). */
  reset(): void {
    this.#request++;
    this.#chartRequest++;
    this.query = defaultForecastQuery();
    this.selected = null;
    this.result = null;
    this.totals = null;
    this.chart = null;
    this.error = null;
    this.chartError = null;
    this.loading = false;
    this.chartLoading = false;
  }

  updateQuery(patch: Partial<ForecastQuery>): void {
    this.query = { ...this.query, ...patch };
    this.selected = null;
  }

  setFilters(filters: DimensionFilter[]): void {
    this.updateQuery({ filters });
  }

  setMetric(metric: ExploreMetric): void {
    if (metric === "billed" || metric === "effective") this.updateQuery({ metric });
  }

  /** Takes an explorer view's scope ("forecast this view"). */
  fromExplorer(q: ExploreQuery): void {
    this.query = queryOfExplorer(q);
    this.selected = null;
  }

  select(s: SeriesForecast, locale: Locale): void {
    this.selected = seriesKey(s);
    void this.runChart(locale);
  }

  snapshot(): ForecastQuery {
    return $state.snapshot(this.query) as ForecastQuery;
  }

  async run(locale: Locale): Promise<void> {
    const request = ++this.#request;
    const query = this.snapshot();
    this.loading = true;
    try {
      const grouped = query.group_by.length > 0;
      const [result, totals] = await Promise.all([
        backend.forecast.forecast(query, locale),
        grouped ? backend.forecast.forecast({ ...query, group_by: [] }, locale) : Promise.resolve(null),
      ]);
      if (request !== this.#request) return;
      this.result = result;
      this.totals = totals ?? result;
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = BackendError.from(error);
      this.result = null;
      this.totals = null;
    } finally {
      if (request === this.#request) this.loading = false;
    }
    if (request === this.#request && this.totals) await this.runChart(locale);
  }

  /** Charts the chosen group, or else the scope's largest currency total. */
  async runChart(locale: Locale): Promise<void> {
    const query = this.snapshot();
    const selected = this.selected;
    const first = this.totals ? firstChartable(this.totals.series) : null;
    const key = selected ?? (first ? seriesKey(first) : null);
    const request = ++this.#chartRequest;
    if (!key) {
      this.chart = null;
      return;
    }
    this.chartLoading = true;
    try {
      const chart = await backend.forecast.forecastChart(selected ? query : { ...query, group_by: [] }, key, locale);
      if (request !== this.#chartRequest) return;
      this.chart = chart;
      this.chartError = null;
    } catch (error) {
      if (request !== this.#chartRequest) return;
      this.chart = null;
      this.chartError = BackendError.from(error);
    } finally {
      if (request === this.#chartRequest) this.chartLoading = false;
    }
  }
}

export const forecast = new ForecastState();
