//! Invoice reconciliation over a span of billing months: the store's sums,
//! the providers' month totals kept by sync and the invoice amounts, put
//! together per provider, billing account, billing month and currency.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike};
use cloudlens_store::{from_nanos, BilledSums};
use serde::Serialize;
use specta::Type;

use super::definition::Span;
use super::reconcile::{check, CheckOutcome, DifferenceReason, Part, Reference};
use crate::{ApiError, CloudLens};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReconciliationView {
    pub scopes: Vec<ReconciledScope>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReconciledScope {
    pub provider: String,
    pub billing_account: String,
    /// `YYYY-MM`: the billing period (a provider's UTC+8 month is its month).
    pub month: String,
    pub currency: String,
    /// Every line of the billing month, exact.
    pub store_total: String,
    pub lines: u64,
    pub parts: Vec<ScopePart>,
    /// What the provider's API gave as the month's total, when a sync kept it.
    pub provider_total: Option<String>,
    pub invoice: Option<String>,
    pub invoice_id: Option<String>,
    pub checks: Vec<ReferenceCheck>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScopePart {
    pub charge_category: String,
    pub outside_period: bool,
    pub amount: String,
    pub lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReferenceCheck {
    pub reference: Reference,
    pub amount: String,
    /// reference − store, exact.
    pub difference: String,
    pub outcome: CheckOutcome,
    /// The difference in parts that add up to it.
    pub explanation: Vec<ExplanationPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExplanationPart {
    pub reason: DifferenceReason,
    pub amount: String,
}

type Key = (String, String, String, String);

/// The month a billing period stands for: the one holding its middle (a
/// UTC+8 month starts at 16:00 UTC the day before).
fn month_of(start: i64, end: i64) -> String {
    DateTime::from_timestamp(start + (end - start) / 2, 0)
        .map(|t| format!("{:04}-{:02}", t.year(), t.month()))
        .unwrap_or_default()
}

/// Exact nano-units of a stored decimal text.
fn nanos(text: &str) -> Option<i128> {
    let mut d: rust_decimal::Decimal = text.trim().parse().ok()?;
    d.rescale(9);
    (d.scale() == 9).then(|| d.mantissa())
}

/// The provider name lines carry, for a connection's provider id.
fn provider_name(id: &str) -> String {
    match id {
        "alibaba" => "Alibaba Cloud".into(),
        "tencent" => "Tencent Cloud".into(),
        "huawei" => "Huawei Cloud".into(),
        other => other.into(),
    }
}

impl CloudLens {
    pub fn reconciliation(&self, span: &Span) -> Result<ReconciliationView, ApiError> {
        let months: Vec<String> = (0..span.months())
            .map(|i| {
                (span.from + chrono::Months::new(i))
                    .format("%Y-%m")
                    .to_string()
            })
            .collect();
        let in_span = |m: &str| months.iter().any(|x| x == m);
        // Periods are fetched with a day's margin for UTC+8 months.
        let from = cloudlens_store::day_index(span.from) * 86_400 - 86_400;
        let to = cloudlens_store::day_index(span.to) * 86_400 + 86_400;
        let mut parts: BTreeMap<Key, Vec<Part>> = BTreeMap::new();
        for s in self.reader()?.lines().billed_sums(from, to)? {
            let BilledSums {
                provider,
                billing_account,
                period_start,
                period_end,
                currency,
                charge_category,
                outside_period,
                billed,
                billed_cents,
                lines,
            } = s;
            let month = month_of(period_start, period_end);
            if !in_span(&month) {
                continue;
            }
            parts
                .entry((provider, billing_account, month, currency))
                .or_default()
                .push(Part {
                    charge_category,
                    outside_period,
                    nanos: billed,
                    cents_nanos: billed_cents,
                    lines,
                });
        }
        let mut provider_totals: BTreeMap<Key, i128> = BTreeMap::new();
        for c in self.reader()?.sync().connections()? {
            let Some(account) = c.billing_account.clone() else {
                continue;
            };
            for m in &months {
                let Some(text) = self.reader()?.sync().month_totals(&c.name, m)? else {
                    continue;
                };
                for (currency, amount) in text.split(';').filter_map(|p| p.split_once('=')) {
                    if let Some(n) = nanos(amount) {
                        let key = (
                            provider_name(&c.provider),
                            account.clone(),
                            m.clone(),
                            currency.to_string(),
                        );
                        provider_totals.entry(key).or_insert(n);
                    }
                }
            }
        }
        let mut invoices: BTreeMap<Key, (i128, Option<String>)> = BTreeMap::new();
        for i in self.reader()?.reports().invoice_amounts()? {
            if !in_span(&i.month) {
                continue;
            }
            if let Some(n) = nanos(&i.amount) {
                invoices.insert(
                    (i.provider, i.billing_account, i.month, i.currency),
                    (n, i.invoice_id),
                );
            }
        }
        let mut keys: Vec<Key> = parts
            .keys()
            .chain(provider_totals.keys())
            .chain(invoices.keys())
            .cloned()
            .collect();
        keys.sort();
        keys.dedup();
        let scopes = keys
            .into_iter()
            .map(|k| {
                let p = parts.remove(&k).unwrap_or_default();
                let provider_total = provider_totals.get(&k).copied();
                let invoice = invoices.get(&k).cloned();
                scope(k, p, provider_total, invoice)
            })
            .collect();
        Ok(ReconciliationView { scopes })
    }
}

fn amount(n: i128) -> String {
    from_nanos(n).to_string()
}

fn scope(
    k: Key,
    parts: Vec<Part>,
    provider_total: Option<i128>,
    invoice: Option<(i128, Option<String>)>,
) -> ReconciledScope {
    let total: i128 = parts.iter().map(|p| p.nanos).sum();
    let references = [
        provider_total.map(|n| (Reference::ProviderTotal, n)),
        invoice.as_ref().map(|i| (Reference::Invoice, i.0)),
    ];
    let checks = references
        .into_iter()
        .flatten()
        .map(|(r, n)| {
            let c = check(&parts, r, n);
            ReferenceCheck {
                reference: r,
                amount: amount(n),
                difference: amount(n - total),
                outcome: c.outcome,
                explanation: c
                    .parts
                    .into_iter()
                    .map(|e| ExplanationPart {
                        reason: e.reason,
                        amount: amount(e.nanos),
                    })
                    .collect(),
            }
        })
        .collect();
    let (provider, billing_account, month, currency) = k;
    ReconciledScope {
        provider,
        billing_account,
        month,
        currency,
        store_total: amount(total),
        lines: parts.iter().map(|p| p.lines).sum(),
        parts: parts
            .iter()
            .map(|p| ScopePart {
                charge_category: p.charge_category.clone(),
                outside_period: p.outside_period,
                amount: amount(p.nanos),
                lines: p.lines,
            })
            .collect(),
        provider_total: provider_total.map(amount),
        invoice: invoice.as_ref().map(|i| amount(i.0)),
        invoice_id: invoice.and_then(|i| i.1),
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utc_plus_8_month_is_named_by_its_middle() {
        // Alibaba's January: 2025-12-31T16:00Z to 2026-01-31T16:00Z.
        assert_eq!(month_of(1_767_196_800, 1_769_875_200), "2026-01");
        assert_eq!(nanos("12.5"), Some(12_500_000_000));
        assert_eq!(nanos("x"), None);
    }
}
