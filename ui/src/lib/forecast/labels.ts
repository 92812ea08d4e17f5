// Message keys of the forecast's fixed choices, spelled out so every key is
// findable (and checked as used) in the source, and the small text helpers
// the page's parts share.
import { t, type PlainKey } from "../i18n";
import { valueLabel } from "../explorer/dimensions";

export const MODEL_LABELS: Record<string, PlainKey> = {
  naive: "forecast.model.naive",
  seasonal_naive: "forecast.model.seasonal_naive",
  ets_damped: "forecast.model.ets_damped",
  theta: "forecast.model.theta",
  regression: "forecast.model.regression",
  combination: "forecast.model.combination",
  stopped: "forecast.model.stopped",
  too_short: "forecast.model.too_short",
};

/** The core's model name in words; an unknown name is shown as is. */
export function modelLabel(model: string): string {
  const key = MODEL_LABELS[model];
  return key ? t(key) : model;
}

/** Horizons offered, in days; null = to the end of next month (the core's default). */
export const HORIZONS: readonly (number | null)[] = [null, 30, 90, 180, 366];

/** A group's values joined for display ("Total" for an ungrouped series). */
export function groupText(groups: readonly (string | null)[], groupBy: readonly string[]): string {
  if (groups.length === 0) return t("forecast.total");
  return groups.map((g, i) => valueLabel(g, groupBy[i] ?? "")).join(" · ");
}

/** A percentage figure from the backtest, one decimal; "–" when there is none. */
export function percentText(value: number | null, locale: string): string {
  if (value === null || !Number.isFinite(value)) return "–";
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)}%`;
}
