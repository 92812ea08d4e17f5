// The Explorer page's state. The view itself is a ViewState (query, chart
// style, compare), so a saved view or a pasted link restores everything; the
// time preset is kept beside it and re-derived from the dates on restore.
// Requests are numbered so a slow answer never overwrites a newer one.

import {
  BackendError,
  backend,
  type ChartStyle,
  type CompareResult,
  type DimensionFilter,
  type ExploreMetric,
  type ExploreQuery,
  type ExploreResult,
  type ResourceDetail,
  type SavedView,
  type ViewState,
} from "../backend";
import type { Locale } from "../i18n/catalogs";
import { displayCurrency } from "./currency.svelte";
import { detectPreset, presetRange, type DayRange, type Preset } from "../explorer/presets";

/** Groups beyond this many (by total) fold into "other". */
export const GROUP_LIMIT = 20;

export function defaultView(anchor: string, metric: ExploreMetric = "billed"): ViewState {
  const range = presetRange("last_30", anchor);
  return {
    query: {
      group_by: ["service"],
      filters: [],
      from: range.from,
      to: range.to,
      granularity: "day",
      metric,
      display_currency: displayCurrency.current,
      rules_version: null,
      apply_shared_costs: true,
      spread_periods: false,
      limit: GROUP_LIMIT,
    },
    style: "stacked_bar",
    compare: false,
  };
}

/** Adds `value` to the include filter of `dimension` (creating it), dropping it from an exclude filter. */
export function includeValue(filters: readonly DimensionFilter[], dimension: string, value: string | null): DimensionFilter[] {
  const next = filters.map((f) => ({ ...f, values: [...f.values] }));
  const exclude = next.find((f) => f.dimension === dimension && f.exclude);
  if (exclude) exclude.values = exclude.values.filter((v) => v !== value);
  const include = next.find((f) => f.dimension === dimension && !f.exclude);
  if (include) {
    if (!include.values.includes(value)) include.values.push(value);
  } else {
    next.push({ dimension, values: [value], exclude: false });
  }
  return next.filter((f) => f.values.length > 0);
}

class ExplorerState {
  view = $state<ViewState>(defaultView("1970-01-01"));
  preset = $state<Preset>("last_30");
  anchor = $state<string | null>(null);

  result = $state.raw<ExploreResult | null>(null);
  compare = $state.raw<CompareResult | null>(null);
  error = $state.raw<BackendError | null>(null);
  loading = $state(false);

  dimensions = $state.raw<string[]>([]);
  rateCurrencies = $state.raw<string[]>([]);

  saved = $state.raw<SavedView[]>([]);
  savedError = $state.raw<BackendError | null>(null);

  detail = $state.raw<ResourceDetail | null>(null);
  detailId = $state<string | null>(null);
  detailError = $state.raw<BackendError | null>(null);

  #request = 0;
  #detailRequest = 0;

  /** Starts from the default view once the anchor (latest data day) is known,
   * on the app-wide cost metric. */
  start(anchor: string, metric: ExploreMetric): void {
    if (this.anchor !== null) {
      this.setAnchor(anchor);
      return;
    }
    this.anchor = anchor;
    this.view = defaultView(anchor, metric);
    this.preset = "last_30";
  }

  /** A new latest day moves a preset range along; a custom range stays. */
  setAnchor(anchor: string): void {
    if (anchor === this.anchor) return;
    this.anchor = anchor;
    if (this.preset !== "custom") this.#setRange(presetRange(this.preset, anchor));
  }

  setPreset(preset: Preset): void {
    this.preset = preset;
    if (preset !== "custom" && this.anchor) this.#setRange(presetRange(preset, this.anchor));
  }

  setCustomRange(range: DayRange): void {
    this.preset = "custom";
    this.#setRange(range);
  }

  #setRange(range: DayRange): void {
    this.view.query.from = range.from;
    this.view.query.to = range.to;
  }

  updateQuery(patch: Partial<ExploreQuery>): void {
    this.view.query = { ...this.view.query, ...patch };
  }

  setStyle(style: ChartStyle): void {
    this.view.style = style;
  }

  setCompare(on: boolean): void {
    this.view.compare = on;
  }

  setFilters(filters: DimensionFilter[]): void {
    this.view.query.filters = filters;
  }

  include(dimension: string, value: string | null): void {
    this.view.query.filters = includeValue(this.view.query.filters, dimension, value);
  }

  /** Replaces the whole view (saved view, pasted link). */
  restore(state: ViewState): void {
    this.view = structuredClone(state);
    this.preset = this.anchor ? detectPreset({ from: state.query.from, to: state.query.to }, this.anchor) : "custom";
  }

  /** A plain copy of the view for the backend (no reactive proxies). */
  snapshot(): ViewState {
    return $state.snapshot(this.view) as ViewState;
  }

  async run(locale: Locale): Promise<void> {
    const request = ++this.#request;
    const view = this.snapshot();
    this.loading = true;
    try {
      const [result, compare] = await Promise.all([
        backend.explore.explore(view.query, view.style, locale),
        view.compare ? backend.explore.compare(view.query) : Promise.resolve(null),
      ]);
      if (request !== this.#request) return;
      this.result = result;
      this.compare = compare;
      this.error = null;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = BackendError.from(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  /** Dimension names and the currencies that have rates; failures leave the fixed list. */
  async loadChoices(): Promise<void> {
    const [dims, rates] = await Promise.allSettled([backend.explore.dimensions(), backend.currency.exchangeRates()]);
    if (dims.status === "fulfilled") this.dimensions = dims.value.dimensions;
    if (rates.status === "fulfilled") {
      this.rateCurrencies = [...new Set(rates.value.flatMap((r) => [r.from, r.to]))].sort();
    }
  }

  async loadSaved(): Promise<void> {
    try {
      this.saved = await backend.explore.savedViews();
      this.savedError = null;
    } catch (error) {
      this.savedError = BackendError.from(error);
    }
  }

  async save(name: string): Promise<SavedView> {
    const saved = await backend.explore.saveView(name, this.snapshot());
    await this.loadSaved();
    return saved;
  }

  async removeSaved(name: string): Promise<void> {
    await backend.explore.removeView(name);
    await this.loadSaved();
  }

  /** Opens a saved view or a pasted link. */
  async openLink(link: string): Promise<void> {
    this.restore(await backend.explore.openViewLink(link.trim()));
  }

  link(): Promise<string> {
    return backend.explore.viewLink(this.snapshot());
  }

  async openResource(resourceId: string, locale: Locale): Promise<void> {
    const request = ++this.#detailRequest;
    this.detailId = resourceId;
    this.detail = null;
    this.detailError = null;
    const { from, to, metric, display_currency } = this.view.query;
    try {
      const detail = await backend.explore.resourceDetail(resourceId, from, to, metric, display_currency, locale);
      if (request === this.#detailRequest) this.detail = detail;
    } catch (error) {
      if (request === this.#detailRequest) this.detailError = BackendError.from(error);
    }
  }

  closeResource(): void {
    this.#detailRequest++;
    this.detailId = null;
    this.detail = null;
    this.detailError = null;
  }

  reset(): void {
    this.#request++;
    this.#detailRequest++;
    this.view = defaultView("1970-01-01");
    this.preset = "last_30";
    this.anchor = null;
    this.result = null;
    this.compare = null;
    this.error = null;
    this.loading = false;
    this.dimensions = [];
    this.rateCurrencies = [];
    this.saved = [];
    this.savedError = null;
    this.closeResource();
  }
}

export const explorer = new ExplorerState();
