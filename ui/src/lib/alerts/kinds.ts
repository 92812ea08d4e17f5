// What each channel kind asks for: a webhook URL, and whether the platform
// signs with a secret (DingTalk and Feishu robots may use a keyword instead;
// a generic webhook is always signed).

import type { AlertChannelKind } from "../backend";

export const KINDS: readonly AlertChannelKind[] = ["dingtalk", "wecom", "feishu", "slack", "webhook", "desktop"];

export function needsUrl(kind: AlertChannelKind): boolean {
  return kind !== "desktop";
}

export function signs(kind: AlertChannelKind): "none" | "optional" | "required" {
  if (kind === "dingtalk" || kind === "feishu") return "optional";
  if (kind === "webhook") return "required";
  return "none";
}
