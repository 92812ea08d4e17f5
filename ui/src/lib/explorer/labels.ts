// Message keys of the explorer's fixed choices, spelled out so every key is
// findable (and checked as used) in the source.
import type { ChartStyle, ExploreMetric, Granularity } from "../backend";
import type { PlainKey } from "../i18n";
import type { Preset } from "./presets";

export const PRESET_LABELS: Record<Preset, PlainKey> = {
  mtd: "explorer.preset.mtd",
  last_month: "explorer.preset.last_month",
  last_30: "explorer.preset.last_30",
  last_90: "explorer.preset.last_90",
  quarter: "explorer.preset.quarter",
  ytd: "explorer.preset.ytd",
  custom: "explorer.preset.custom",
};

export const GRANULARITY_LABELS: Record<Granularity, PlainKey> = {
  day: "explorer.granularity.day",
  week: "explorer.granularity.week",
  month: "explorer.granularity.month",
};

export const METRIC_LABELS: Record<ExploreMetric, PlainKey> = {
  billed: "explorer.metric.billed",
  effective: "explorer.metric.effective",
  list: "explorer.metric.list",
  contracted: "explorer.metric.contracted",
  usage: "explorer.metric.usage",
};

export const STYLE_LABELS: Record<ChartStyle, PlainKey> = {
  stacked_bar: "explorer.style.stacked_bar",
  area: "explorer.style.area",
  line: "explorer.style.line",
};
