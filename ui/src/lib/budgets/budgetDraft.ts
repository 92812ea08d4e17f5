// A budget as the form edits it (text fields), its checks, and the spec the
// core receives. The core checks again; these checks name the field so the
// form can point at it before anything is sent.

import type { BudgetPeriod, BudgetSpec, BudgetThreshold, CostMetric, DimensionFilter } from "../backend";
import type { PlainKey } from "../i18n";

export interface FilterDraft {
  dimension: string;
  /** Comma-separated values; an empty item selects "none" (untagged). */
  values: string;
  exclude: boolean;
}

export interface ThresholdDraft {
  kind: BudgetThreshold["kind"];
  percent: string;
}

export interface BudgetDraft {
  name: string;
  amount: string;
  currency: string;
  period: BudgetPeriod;
  fiscalStart: number;
  metric: CostMetric;
  filters: FilterDraft[];
  thresholds: ThresholdDraft[];
  channels: string[];
}

export type DraftField = "name" | "amount" | "currency" | "fiscalStart" | "filters" | "thresholds";

export interface DraftProblem {
  field: DraftField;
  key: PlainKey;
}

export const DEFAULT_THRESHOLDS: ThresholdDraft[] = [
  { kind: "actual", percent: "80" },
  { kind: "actual", percent: "100" },
  { kind: "forecast", percent: "100" },
];

export function emptyDraft(): BudgetDraft {
  return {
    name: "",
    amount: "",
    currency: "CNY",
    period: "month",
    fiscalStart: 1,
    metric: "billed",
    filters: [],
    thresholds: DEFAULT_THRESHOLDS.map((t) => ({ ...t })),
    channels: [],
  };
}

export function draftOf(spec: BudgetSpec): BudgetDraft {
  return {
    name: spec.name,
    amount: spec.amount,
    currency: spec.currency,
    period: spec.period,
    fiscalStart: spec.fiscal_start,
    metric: spec.metric,
    filters: spec.filters.map((f) => ({
      dimension: f.dimension,
      values: f.values.map((v) => v ?? "").join(", "),
      exclude: f.exclude,
    })),
    thresholds: spec.thresholds.map((t) => ({ kind: t.kind, percent: String(t.percent) })),
    channels: [...spec.channels],
  };
}

const DECIMAL = /^\d+(\.\d+)?$/;

function percentOf(text: string): number | null {
  const p = Number(text.trim());
  return text.trim() !== "" && Number.isFinite(p) && p > 0 && p <= 1000 ? p : null;
}

export function draftProblems(d: BudgetDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (!d.name.trim()) out.push({ field: "name", key: "budgets.problem.name" });
  const amount = d.amount.trim();
  if (!DECIMAL.test(amount) || Number(amount) <= 0) out.push({ field: "amount", key: "budgets.problem.amount" });
  if (!/^[A-Za-z]{3}$/.test(d.currency.trim())) out.push({ field: "currency", key: "budgets.problem.currency" });
  if (!(d.fiscalStart >= 1 && d.fiscalStart <= 12)) out.push({ field: "fiscalStart", key: "budgets.problem.fiscalStart" });
  if (d.filters.some((f) => !f.dimension.trim()))
    out.push({ field: "filters", key: "budgets.problem.filter" });
  if (d.thresholds.length === 0 || d.thresholds.some((t) => percentOf(t.percent) === null))
    out.push({ field: "thresholds", key: "budgets.problem.threshold" });
  return out;
}

function filterOf(f: FilterDraft): DimensionFilter {
  const values = f.values.split(",").map((v) => v.trim());
  return { dimension: f.dimension.trim(), values: values.map((v) => (v === "" ? null : v)), exclude: f.exclude };
}

/** The spec the core receives; call only when draftProblems() is empty. */
export function specOf(d: BudgetDraft): BudgetSpec {
  return {
    name: d.name.trim(),
    filters: d.filters.map(filterOf),
    metric: d.metric,
    period: d.period,
    fiscal_start: d.fiscalStart,
    amount: d.amount.trim(),
    currency: d.currency.trim().toUpperCase(),
    thresholds: d.thresholds.map((t) => ({ kind: t.kind, percent: percentOf(t.percent) ?? 0 })),
    channels: [...d.channels],
    apply_shared_costs: false,
  };
}
