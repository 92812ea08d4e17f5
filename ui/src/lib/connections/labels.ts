// The closed lists of the sync contract mapped to people-facing message keys.
// Written out key by key (never built from strings) so the compiler checks
// every status against the catalogs and the i18n usage test finds each key.

import type { ConnectionStatus } from "../backend";
import { t, type PlainKey } from "../i18n";

export const PROVIDERS = ["alibaba", "tencent", "huawei", "aws", "azure", "gcp"] as const;
export type ProviderId = (typeof PROVIDERS)[number];

export function isProvider(id: string): id is ProviderId {
  return (PROVIDERS as readonly string[]).includes(id);
}

export const providerName: Record<ProviderId, PlainKey> = {
  alibaba: "connections.provider.alibaba",
  tencent: "connections.provider.tencent",
  huawei: "connections.provider.huawei",
  aws: "connections.provider.aws",
  gcp: "connections.provider.gcp",
  azure: "connections.provider.azure",
};

/** What the key id is called in each provider's console. */
export const keyIdLabel: Record<ProviderId, PlainKey> = {
  alibaba: "connections.field.keyId.alibaba",
  tencent: "connections.field.keyId.tencent",
  huawei: "connections.field.keyId.huawei",
  aws: "connections.field.keyId.aws",
  gcp: "connections.field.keyId.gcp",
  azure: "connections.field.keyId.azure",
};

export const secretLabel: Record<ProviderId, PlainKey> = {
  alibaba: "connections.field.secret.alibaba",
  tencent: "connections.field.secret.tencent",
  huawei: "connections.field.secret.huawei",
  aws: "connections.field.secret.aws",
  gcp: "connections.field.secret.gcp",
  azure: "connections.field.secret.azure",
};

/** Where each provider's bills come from in a bucket, and what the bill API gives. */
/** Google Cloud's bills come from its BigQuery export, never from a bucket. */
export const sourceHint: Partial<Record<ProviderId, PlainKey>> = {
  alibaba: "connections.source.hint.alibaba",
  tencent: "connections.source.hint.tencent",
  huawei: "connections.source.hint.huawei",
  aws: "connections.source.hint",
  azure: "connections.source.hint.azure",
};

/** The bucket permissions each provider's bucket route needs. */
export const bucketGuide: Partial<Record<ProviderId, PlainKey>> = {
  alibaba: "connections.guide.bucket.alibaba",
  tencent: "connections.guide.bucket.tencent",
  huawei: "connections.guide.bucket.huawei",
  aws: "connections.guide.bucket.aws",
};

/** A bucket name as each provider's console shows one. */
export const bucketPlaceholder: Partial<Record<ProviderId, string>> = {
  alibaba: "my-bills",
  tencent: "my-bills-1250000000",
  huawei: "my-bills",
  aws: "my-cur-exports",
};

export const regionHint: Record<ProviderId, string> = {
  alibaba: "cn-hangzhou",
  tencent: "ap-guangzhou",
  huawei: "cn-north-4",
  aws: "us-east-1",
  gcp: "us-central1",
  azure: "eastus",
};

export const statusName: Record<ConnectionStatus, PlainKey> = {
  not_synced: "connections.status.not_synced",
  not_configured: "connections.status.not_configured",
  credentials_rejected: "connections.status.credentials_rejected",
  permission_missing: "connections.status.permission_missing",
  provider_unreachable: "connections.status.provider_unreachable",
  partial_data: "connections.status.partial_data",
  syncing: "connections.status.syncing",
  up_to_date: "connections.status.up_to_date",
};

/** What to check, in the user's language (the core's `advice` is English). */
export const statusAdvice: Record<ConnectionStatus, PlainKey> = {
  not_synced: "connections.advice.not_synced",
  not_configured: "connections.advice.not_configured",
  credentials_rejected: "connections.advice.credentials_rejected",
  permission_missing: "connections.advice.permission_missing",
  provider_unreachable: "connections.advice.provider_unreachable",
  partial_data: "connections.advice.partial_data",
  syncing: "connections.advice.syncing",
  up_to_date: "connections.advice.up_to_date",
};

export type Tone = "ok" | "neutral" | "busy" | "warn" | "danger";

export const statusTone: Record<ConnectionStatus, Tone> = {
  not_synced: "neutral",
  not_configured: "warn",
  credentials_rejected: "danger",
  permission_missing: "danger",
  provider_unreachable: "warn",
  partial_data: "warn",
  syncing: "busy",
  up_to_date: "ok",
};

const outcomes: Record<string, { label: PlainKey; tone: Tone }> = {
  running: { label: "connections.outcome.running", tone: "busy" },
  succeeded: { label: "connections.outcome.succeeded", tone: "ok" },
  partial: { label: "connections.outcome.partial", tone: "warn" },
  failed: { label: "connections.outcome.failed", tone: "danger" },
  cancelled: { label: "connections.outcome.cancelled", tone: "neutral" },
  interrupted: { label: "connections.outcome.interrupted", tone: "warn" },
};

/** A run outcome's label key and tone; null for an outcome this UI does not know. */
export function outcomeOf(outcome: string): { label: PlainKey; tone: Tone } | null {
  return outcomes[outcome] ?? null;
}

const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** An RFC 3339 instant in the user's zone, "Nov 25, 2026, 3:04 PM"; other text as is. */
export function formatInstant(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let f = instantFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    instantFormats.set(locale, f);
  }
  return f.format(date);
}

/** Whole seconds between two RFC 3339 instants; null when either is missing or unreadable. */
export function secondsBetween(start: string, end: string | null): number | null {
  if (!end) return null;
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms / 1000) : null;
}

/**
 * The engine's stage ("planning", "bills 2025-03-07", "inventory",
 * "utilisation") in the user's language; anything else as the engine says it.
 */
export function stageText(stage: string): string {
  const [head = "", ...rest] = stage.trim().split(/\s+/);
  const detail = rest.join(" ");
  switch (head) {
    case "planning":
      return t("connections.stage.planning");
    case "bills":
      return detail ? t("connections.stage.bills", { period: detail }) : t("connections.stage.billsAll");
    case "inventory":
      return t("connections.stage.inventory");
    case "utilisation":
      return t("connections.stage.utilisation");
    default:
      return t("connections.progress.stage", { stage });
  }
}
