// The monitor form's text fields to and from a MonitorInput: group-by and
// alert channels as comma-separated lists, filters as `DIM=VALUE` (several
// values of one dimension become one filter; `DIM!=VALUE` excludes).
import type { AnomalySeverity, DimensionFilter, ExploreMetric, MonitorInput } from "../backend";

export interface MonitorFields {
  name: string;
  groupBy: string;
  filters: string;
  metric: ExploreMetric;
  minImpact: string;
  currency: string;
  minPercent: string;
  falls: boolean;
  newSpend: boolean;
  muted: boolean;
  channels: string;
  alertSeverity: AnomalySeverity;
  alertMinImpact: string;
}

export type FormProblem =
  | { kind: "name" }
  | { kind: "filter"; filter: string }
  | { kind: "number"; field: "minImpact" | "minPercent" | "alertMinImpact" };

const items = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

const DECIMAL = /^\d+(\.\d+)?$/;

export function blankFields(): MonitorFields {
  return {
    name: "",
    groupBy: "service",
    filters: "",
    metric: "effective",
    minImpact: "100",
    currency: "USD",
    minPercent: "20",
    falls: false,
    newSpend: true,
    muted: false,
    channels: "",
    alertSeverity: "high",
    alertMinImpact: "",
  };
}

export function fieldsOf(m: MonitorInput): MonitorFields {
  return {
    name: m.name,
    groupBy: m.scope.group_by.join(", "),
    filters: m.scope.filters
      .flatMap((f) => f.values.map((v) => `${f.dimension}${f.exclude ? "!=" : "="}${v ?? ""}`))
      .join(", "),
    metric: m.metric,
    minImpact: m.min_impact,
    currency: m.impact_currency,
    minPercent: String(m.min_percent),
    falls: m.falls,
    newSpend: m.new_spend,
    muted: m.muted,
    channels: m.alerts.channels.join(", "),
    alertSeverity: m.alerts.min_severity,
    alertMinImpact: m.alerts.min_impact ?? "",
  };
}

function parseFilters(text: string): DimensionFilter[] | FormProblem {
  const filters: DimensionFilter[] = [];
  for (const item of items(text)) {
    const match = /^([^=!]+)(!?=)(.*)$/.exec(item);
    if (!match) return { kind: "filter", filter: item };
    const [, rawDim, op, rawValue] = match;
    const dimension = (rawDim ?? "").trim();
    const exclude = op === "!=";
    const value = (rawValue ?? "").trim();
    if (dimension === "") return { kind: "filter", filter: item };
    const existing = filters.find((f) => f.dimension === dimension && f.exclude === exclude);
    const v = value === "" ? null : value;
    if (existing) existing.values.push(v);
    else filters.push({ dimension, values: [v], exclude });
  }
  return filters;
}

/** The MonitorInput, or the first problem (the core validates dimensions and names further). */
export function toMonitorInput(f: MonitorFields): MonitorInput | FormProblem {
  if (f.name.trim() === "") return { kind: "name" };
  const filters = parseFilters(f.filters);
  if (!Array.isArray(filters)) return filters;
  if (!DECIMAL.test(f.minImpact.trim())) return { kind: "number", field: "minImpact" };
  if (!DECIMAL.test(f.minPercent.trim())) return { kind: "number", field: "minPercent" };
  const alertMin = f.alertMinImpact.trim();
  if (alertMin !== "" && !DECIMAL.test(alertMin)) return { kind: "number", field: "alertMinImpact" };
  return {
    name: f.name.trim(),
    scope: { group_by: items(f.groupBy), filters },
    metric: f.metric,
    min_impact: f.minImpact.trim(),
    impact_currency: f.currency.trim().toUpperCase(),
    min_percent: Number(f.minPercent.trim()),
    falls: f.falls,
    new_spend: f.newSpend,
    muted: f.muted,
    alerts: { channels: items(f.channels), min_severity: f.alertSeverity, min_impact: alertMin === "" ? null : alertMin },
  };
}

export function isProblem(value: MonitorInput | FormProblem): value is FormProblem {
  return "kind" in value;
}
