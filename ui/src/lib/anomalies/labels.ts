// Message keys of the anomaly domain's closed lists, spelled out so every key
// is findable (and checked as used) in the source.
import type { AnomalyKind, AnomalySeverity, AnomalyStatus, FeedbackAction } from "../backend";
import { dimensionLabel, valueLabel } from "../explorer/dimensions";
import { t, type PlainKey } from "../i18n";

export const STATUSES: AnomalyStatus[] = ["open", "acknowledged", "expected", "not_anomaly", "resolved"];
export const SEVERITIES: AnomalySeverity[] = ["high", "medium", "low"];

export const STATUS_LABELS: Record<AnomalyStatus, PlainKey> = {
  open: "anomalies.status.open",
  acknowledged: "anomalies.status.acknowledged",
  expected: "anomalies.status.expected",
  not_anomaly: "anomalies.status.not_anomaly",
  resolved: "anomalies.status.resolved",
};

export const SEVERITY_LABELS: Record<AnomalySeverity, PlainKey> = {
  low: "anomalies.severity.low",
  medium: "anomalies.severity.medium",
  high: "anomalies.severity.high",
};

export const KIND_LABELS: Record<AnomalyKind, PlainKey> = {
  rise: "anomalies.kind.rise",
  fall: "anomalies.kind.fall",
  new: "anomalies.kind.new",
};

/** The feedback buttons, in the order shown. */
export const FEEDBACK_ACTIONS: { action: FeedbackAction; label: PlainKey }[] = [
  { action: "acknowledge", label: "anomalies.feedback.acknowledge" },
  { action: "expected", label: "anomalies.feedback.expected" },
  { action: "not_anomaly", label: "anomalies.feedback.not_anomaly" },
  { action: "resolve", label: "anomalies.feedback.resolve" },
];

/** The status each action leads to, to show which button is current. */
export const ACTION_STATUS: Record<FeedbackAction, AnomalyStatus> = {
  acknowledge: "acknowledged",
  expected: "expected",
  not_anomaly: "not_anomaly",
  resolve: "resolved",
};

/** Dimension names of root causes: the explorer's, plus `sku`. */
export function causeDimensionLabel(name: string): string {
  return name === "sku" ? t("anomalies.dim.sku") : dimensionLabel(name);
}

/** "Service: ECS · Region: cn-hangzhou", or "Whole scope" for a monitor without group-by. */
export function scopeLabel(groups: Partial<Record<string, string | null>>): string {
  const parts = Object.entries(groups).map(
    ([dimension, value]) => `${causeDimensionLabel(dimension)}: ${valueLabel(value ?? null, dimension)}`,
  );
  return parts.length > 0 ? parts.join(" · ") : t("anomalies.scope.whole");
}
