// Message keys of the values the core sends, written out so every key is
// found where it is used.

import type { BudgetStatus, ThresholdKind } from "../backend";
import type { PlainKey } from "../i18n";

export const STATUS_LABEL: Record<BudgetStatus, PlainKey> = {
  on_track: "budgets.status.on_track",
  at_risk: "budgets.status.at_risk",
  over: "budgets.status.over",
};

export const THRESHOLD_LABEL: Record<ThresholdKind, PlainKey> = {
  actual: "budgets.threshold.actual",
  forecast: "budgets.threshold.forecast",
};
