// Message keys of the values the core sends, written out so every key is
// found where it is used.

import type { AlertChannelKind, DeliveryStatus } from "../backend";
import type { PlainKey } from "../i18n";

export const KIND_LABEL: Record<AlertChannelKind, PlainKey> = {
  desktop: "alerts.kind.desktop",
  dingtalk: "alerts.kind.dingtalk",
  wecom: "alerts.kind.wecom",
  feishu: "alerts.kind.feishu",
  slack: "alerts.kind.slack",
  webhook: "alerts.kind.webhook",
};

export const DELIVERY_LABEL: Record<DeliveryStatus, PlainKey> = {
  sent: "alerts.delivery.sent",
  queued: "alerts.delivery.queued",
  failed: "alerts.delivery.failed",
};

const SEVERITY_LABEL: Record<string, PlainKey> = {
  info: "alerts.severity.info",
  warning: "alerts.severity.warning",
  critical: "alerts.severity.critical",
};

export function severityLabel(severity: string): PlainKey {
  return SEVERITY_LABEL[severity] ?? "alerts.severity.info";
}
