// Names of what the core sends as codes: kinds, statuses, findings and the
// evidence figures, each a message key so both languages have them.

import type { RecommendationKind, RecommendationStatus } from "../backend";
import type { PlainKey } from "../i18n";

export const KINDS: readonly RecommendationKind[] = ["idle", "rightsize", "commitment", "discount", "renewal"];
export const STATUSES: readonly RecommendationStatus[] = ["open", "accepted", "dismissed", "done", "closed"];

export const KIND_LABELS: Record<RecommendationKind, PlainKey> = {
  idle: "recs.kind.idle",
  rightsize: "recs.kind.rightsize",
  commitment: "recs.kind.commitment",
  discount: "recs.kind.discount",
  renewal: "recs.kind.renewal",
};

export const STATUS_LABELS: Record<RecommendationStatus, PlainKey> = {
  open: "recs.status.open",
  accepted: "recs.status.accepted",
  dismissed: "recs.status.dismissed",
  done: "recs.status.done",
  closed: "recs.status.closed",
};

export const CLOSED_REASONS: Record<string, PlainKey> = {
  resource_gone: "recs.detail.closed.resource_gone",
  no_longer_applies: "recs.detail.closed.no_longer_applies",
};

export const FINDING_LABELS: Record<string, PlainKey> = {
  unattached_disk: "recs.finding.unattached_disk",
  unassociated_ip: "recs.finding.unassociated_ip",
  stopped_billed: "recs.finding.stopped_billed",
  idle_instance: "recs.finding.idle_instance",
  idle_database: "recs.finding.idle_database",
  no_traffic: "recs.finding.no_traffic",
  project_ended: "recs.finding.project_ended",
  rightsize: "recs.finding.rightsize",
  buy_commitment: "recs.finding.buy_commitment",
  unused_commitment: "recs.finding.unused_commitment",
  subscription_to_payg: "recs.finding.subscription_to_payg",
  no_negotiated_discount: "recs.finding.no_negotiated_discount",
  discount_dropped: "recs.finding.discount_dropped",
  renewal: "recs.finding.renewal",
};

/** Evidence figures by the core's key; an unknown key is shown as it came. */
export const FIGURE_LABELS: Record<string, PlainKey> = {
  amortized_monthly: "recs.figure.amortized_monthly",
  auto_renew: "recs.figure.auto_renew",
  billed_since_end: "recs.figure.billed_since_end",
  break_even_month: "recs.figure.break_even_month",
  commitment: "recs.figure.commitment",
  commitment_monthly: "recs.figure.commitment_monthly",
  commitment_type: "recs.figure.commitment_type",
  coverage_after_percent: "recs.figure.coverage_after_percent",
  coverage_percent: "recs.figure.coverage_percent",
  covered_daily: "recs.figure.covered_daily",
  covered_hourly: "recs.figure.covered_hourly",
  covered_quantity: "recs.figure.covered_quantity",
  covered_quantity_before: "recs.figure.covered_quantity_before",
  cpu_p95: "recs.figure.cpu_p95",
  current_memory_gib: "recs.figure.current_memory_gib",
  current_monthly: "recs.figure.current_monthly",
  current_size: "recs.figure.current_size",
  current_vcpu: "recs.figure.current_vcpu",
  days_analysed: "recs.figure.days_analysed",
  days_left: "recs.figure.days_left",
  days_without_traffic: "recs.figure.days_without_traffic",
  discount_basis: "recs.figure.discount_basis",
  discount_percent: "recs.figure.discount_percent",
  drop_points: "recs.figure.drop_points",
  expires_on: "recs.figure.expires_on",
  family: "recs.figure.family",
  list_last_month: "recs.figure.list_last_month",
  list_price_hourly: "recs.figure.list_price_hourly",
  memory_p95: "recs.figure.memory_p95",
  negotiated_rate_before: "recs.figure.negotiated_rate_before",
  negotiated_rate_now: "recs.figure.negotiated_rate_now",
  offering: "recs.figure.offering",
  on_demand_monthly: "recs.figure.on_demand_monthly",
  pay_as_you_go_monthly: "recs.figure.pay_as_you_go_monthly",
  payment: "recs.figure.payment",
  price_basis: "recs.figure.price_basis",
  project_ended_on: "recs.figure.project_ended_on",
  reference_rate: "recs.figure.reference_rate",
  renewal_cost: "recs.figure.renewal_cost",
  renewal_term: "recs.figure.renewal_term",
  resource_idle: "recs.figure.resource_idle",
  resources: "recs.figure.resources",
  saving_basis: "recs.figure.saving_basis",
  target_hourly: "recs.figure.target_hourly",
  target_memory_gib: "recs.figure.target_memory_gib",
  target_monthly: "recs.figure.target_monthly",
  target_size: "recs.figure.target_size",
  target_vcpu: "recs.figure.target_vcpu",
  term_months: "recs.figure.term_months",
  unused_monthly: "recs.figure.unused_monthly",
  upfront: "recs.figure.upfront",
  usage_change_percent: "recs.figure.usage_change_percent",
  used_monthly: "recs.figure.used_monthly",
  utilisation_percent: "recs.figure.utilisation_percent",
  within_days: "recs.figure.within_days",
};
