//! Discount analysis: list against contracted (the negotiated discount) and
//! effective (with commitments) cost per provider, billing account and
//! service, month by month. Findings: a negotiated discount that fell, and
//! accounts that get none while another account with the same provider does.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::context::{Ctx, Draft};
use crate::model::{DiscountPoint, Evidence, Finding, Measure, Recommendation, Text};
use crate::money::{cents, percent};
use crate::providers::{self, console, Place};

/// One month of one provider, billing account and service, in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountMonth {
    pub provider: String,
    pub billing_account: String,
    pub service: String,
    /// `YYYY-MM`.
    pub month: String,
    pub currency: String,
    pub billed: Decimal,
    pub effective: Decimal,
    pub list: Decimal,
    pub contracted: Decimal,
}

/// One row of the analysis table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscountRow {
    pub provider: String,
    pub billing_account: String,
    pub service: String,
    pub currency: String,
    pub point: DiscountPoint,
    /// List cost was paid in full: no negotiated discount applies.
    pub no_discount: bool,
    /// Points the negotiated rate moved since the series' previous month,
    /// when it moved by at least [`RATE_CHANGE_POINTS`].
    pub rate_change: Option<Decimal>,
}

/// A smaller move of the negotiated rate is the usual drift of a changing
/// usage mix, not a changed contract.
pub const RATE_CHANGE_POINTS: Decimal = Decimal::ONE;

fn point(month: &str, list: Decimal, contracted: Decimal, effective: Decimal) -> DiscountPoint {
    DiscountPoint {
        month: month.to_string(),
        list: list.normalize(),
        contracted: contracted.normalize(),
        effective: effective.normalize(),
        negotiated_rate: percent(list - contracted, list),
        effective_rate: percent(list - effective, list),
    }
}

/// The table: every month of every provider, account and service.
pub fn discount_analysis(months: &[DiscountMonth]) -> Vec<DiscountRow> {
    let mut rows: Vec<DiscountRow> = months
        .iter()
        .map(|m| DiscountRow {
            provider: m.provider.clone(),
            billing_account: m.billing_account.clone(),
            service: m.service.clone(),
            currency: m.currency.clone(),
            point: point(&m.month, m.list, m.contracted, m.effective),
            no_discount: m.list > Decimal::ZERO && m.contracted >= m.list,
            rate_change: None,
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            &a.provider,
            &a.billing_account,
            &a.service,
            &a.currency,
            &a.point.month,
        )
            .cmp(&(
                &b.provider,
                &b.billing_account,
                &b.service,
                &b.currency,
                &b.point.month,
            ))
    });
    mark_changes(&mut rows);
    rows
}

/// Sets each row's `rate_change` against the row before it in its series
/// (the rows are sorted by series, then month).
fn mark_changes(rows: &mut [DiscountRow]) {
    for i in 1..rows.len() {
        let (before, row) = (&rows[i - 1], &rows[i]);
        let same = (
            &before.provider,
            &before.billing_account,
            &before.service,
            &before.currency,
        ) == (
            &row.provider,
            &row.billing_account,
            &row.service,
            &row.currency,
        );
        let moved = match (
            same,
            before.point.negotiated_rate,
            row.point.negotiated_rate,
        ) {
            (true, Some(was), Some(now)) => Some(now - was),
            _ => None,
        };
        rows[i].rate_change = moved.filter(|d| d.abs() >= RATE_CHANGE_POINTS);
    }
}

/// The last complete month at `as_of`, and the one before it.
fn months(as_of: NaiveDate) -> (String, String) {
    let last = if (as_of + Duration::days(1)).day() == 1 {
        as_of
    } else {
        as_of.with_day(1).unwrap_or(as_of) - Duration::days(1)
    };
    let prev = last.with_day(1).unwrap_or(last) - Duration::days(1);
    (
        last.format("%Y-%m").to_string(),
        prev.format("%Y-%m").to_string(),
    )
}

type Key = (String, String, String, String);

pub(crate) fn find(ctx: &Ctx) -> Vec<Recommendation> {
    let (last, prev) = months(ctx.as_of);
    let mut by_service: BTreeMap<Key, BTreeMap<String, &DiscountMonth>> = BTreeMap::new();
    for m in ctx.inputs.discounts {
        by_service
            .entry((
                m.provider.clone(),
                m.billing_account.clone(),
                m.service.clone(),
                m.currency.clone(),
            ))
            .or_default()
            .insert(m.month.clone(), m);
    }
    let mut out = Vec::new();
    for (key, series) in &by_service {
        out.extend(dropped(ctx, key, series, &last, &prev));
    }
    out.extend(no_discount(ctx, &last));
    out
}

fn history(series: &BTreeMap<String, &DiscountMonth>, through: &str) -> Vec<DiscountPoint> {
    let mut v: Vec<DiscountPoint> = series
        .range(..=through.to_string())
        .rev()
        .take(6)
        .map(|(m, r)| point(m, r.list, r.contracted, r.effective))
        .collect();
    v.reverse();
    v
}

fn negotiated(r: &DiscountMonth) -> Option<Decimal> {
    percent(r.list - r.contracted, r.list).filter(|_| r.list > Decimal::ZERO)
}

fn dropped(
    ctx: &Ctx,
    key: &Key,
    series: &BTreeMap<String, &DiscountMonth>,
    last: &str,
    prev: &str,
) -> Option<Recommendation> {
    let (now, before) = (series.get(last)?, series.get(prev)?);
    let (rate_now, rate_before) = (negotiated(now)?, negotiated(before)?);
    let drop = rate_before - rate_now;
    if drop < ctx.settings.discount_drop_points {
        return None;
    }
    // Exactly what this month came to, less what its list cost would have
    // come to at last month's negotiated rate; the rounded rates are for display.
    let saving = now.contracted - now.list * before.contracted / before.list;
    if !ctx.worth(saving) {
        return None;
    }
    let (provider, account, service, currency) = key;
    let mut e = Evidence::new(ctx.as_of);
    e.discounts = history(series, last);
    e.figure("negotiated_rate_before", rate_before)
        .figure("negotiated_rate_now", rate_now)
        .figure("drop_points", drop);
    let action = Text::new(
        format!(
            "The negotiated discount on {service} fell from {rate_before}% in {prev} to {rate_now}% in {last}: ask the provider or reseller why, and get the previous rate back."
        ),
        format!(
            "{service}的协议折扣率从{prev}的{rate_before}%降到{last}的{rate_now}%：请向云服务商或代理商核实原因并恢复原折扣。"
        ),
    );
    let mut d = draft(
        Finding::DiscountDropped,
        provider,
        account,
        service,
        currency,
        e,
    );
    d.action = action;
    d.saving = saving;
    d.confidence = 0.8;
    d.facts = vec![prev.to_string(), last.to_string()];
    Some(d.finish())
}

fn draft(
    finding: Finding,
    provider: &str,
    account: &str,
    service: &str,
    currency: &str,
    evidence: Evidence,
) -> Draft {
    Draft {
        finding,
        console: console(provider, Place::Discounts),
        provider: provider.to_string(),
        billing_account: account.to_string(),
        sub_account: None,
        region: None,
        service: (!service.is_empty()).then(|| service.to_string()),
        resource: None,
        resource_name: None,
        action: Text::new("", ""),
        saving: Decimal::ZERO,
        currency: currency.to_string(),
        confidence: 0.0,
        evidence,
        id_parts: vec![
            providers::key(provider).unwrap_or(provider).to_string(),
            account.to_string(),
            service.to_string(),
            currency.to_string(),
        ],
        facts: Vec::new(),
        baseline: Decimal::ZERO,
        measure: Measure::Unmeasured,
    }
}

/// Accounts paying list price on every service in the last month, while
/// other accounts with the same provider get a negotiated discount: the
/// saving is the median rate of those accounts applied to this one's list cost.
fn no_discount(ctx: &Ctx, last: &str) -> Vec<Recommendation> {
    let mut accounts: BTreeMap<(String, String, String), (Decimal, Decimal, Decimal)> =
        BTreeMap::new();
    for m in ctx.inputs.discounts.iter().filter(|m| m.month == last) {
        let pk = providers::key(&m.provider)
            .unwrap_or(&m.provider)
            .to_string();
        let e = accounts
            .entry((pk, m.billing_account.clone(), m.currency.clone()))
            .or_default();
        e.0 += m.list;
        e.1 += m.contracted;
        e.2 += m.effective;
    }
    let mut out = Vec::new();
    for ((pk, account, currency), (list, contracted, effective)) in &accounts {
        if *list <= Decimal::ZERO || contracted < list {
            continue;
        }
        // Worth raising only where even a 1% discount would be worth listing.
        if cents(*list / Decimal::ONE_HUNDRED) < ctx.settings.min_monthly_saving {
            continue;
        }
        // Exact fractions off list; shown as rounded percentages.
        let mut others: Vec<Decimal> = accounts
            .iter()
            .filter(|((p, a, _), _)| p == pk && a != account)
            .filter(|(_, (l, c, _))| percent(*l - *c, *l).is_some_and(|r| r >= Decimal::ONE))
            .map(|(_, (l, c, _))| (*l - *c) / *l)
            .collect();
        others.sort();
        let reference = others.get(others.len() / 2).copied();
        let saving = reference.map_or(Decimal::ZERO, |r| *list * r);
        let reference = reference.map(|r| cents(r * Decimal::ONE_HUNDRED));
        if reference.is_some() && !ctx.worth(saving) {
            continue;
        }
        let provider = ctx
            .inputs
            .discounts
            .iter()
            .find(|m| &m.billing_account == account)
            .map_or(pk.clone(), |m| m.provider.clone());
        let mut e = Evidence::new(ctx.as_of);
        e.discounts = vec![point(last, *list, *contracted, *effective)];
        e.figure("list_last_month", cents(*list));
        let (en, zh) = match reference {
            Some(r) => {
                e.figure("reference_rate", r);
                (
                    format!("This account paid list price for everything in {last}, while your other accounts with the provider get {r}% off: ask for the same terms for it."),
                    format!("该账号{last}全部按目录价付费，而您在同一云服务商的其他账号享有{r}%的协议折扣：建议为该账号争取同样的折扣。"),
                )
            }
            None => (
                format!("This account paid list price for everything in {last}: no negotiated discount applies. Ask the provider about an enterprise agreement."),
                format!("该账号{last}全部按目录价付费，未享受任何协议折扣：建议与云服务商洽谈企业折扣协议。"),
            ),
        };
        let mut d = draft(
            Finding::NoNegotiatedDiscount,
            &provider,
            account,
            "",
            currency,
            e,
        );
        d.action = Text::new(en, zh);
        d.saving = saving;
        d.confidence = if reference.is_some() { 0.5 } else { 0.3 };
        d.facts = vec![reference.map(|r| r.to_string()).unwrap_or_default()];
        out.push(d.finish());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_complete_month() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            months(d(2026, 11, 25)),
            ("2026-10".into(), "2026-09".into())
        );
        assert_eq!(
            months(d(2026, 11, 30)),
            ("2026-11".into(), "2026-10".into())
        );
        assert_eq!(months(d(2026, 1, 3)), ("2025-12".into(), "2025-11".into()));
    }

    fn month(account: &str, month: &str, list: i64, contracted: i64) -> DiscountMonth {
        DiscountMonth {
            provider: "AWS".into(),
            billing_account: account.into(),
            service: "EC2".into(),
            month: month.into(),
            currency: "USD".into(),
            billed: Decimal::from(contracted),
            effective: Decimal::from(contracted),
            list: Decimal::from(list),
            contracted: Decimal::from(contracted),
        }
    }

    #[test]
    fn marks_no_discount_and_changes_within_a_series() {
        let rows = discount_analysis(&[
            month("a", "2026-02", 1000, 800),
            month("a", "2026-01", 1000, 800),
            // 20% to 19.5%: drift, not a change.
            month("a", "2026-03", 1000, 805),
            // 19.5% to 10%.
            month("a", "2026-04", 1000, 900),
            // Another series starts: no change against account a.
            month("b", "2026-01", 500, 500),
            month("b", "2026-02", 0, 0),
        ]);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.billing_account.as_str(),
                    r.point.month.as_str(),
                    r.no_discount,
                    r.rate_change,
                )
            })
            .collect();
        let points = |s: &str| Some(s.parse::<Decimal>().unwrap());
        assert_eq!(
            got,
            vec![
                ("a", "2026-01", false, None),
                ("a", "2026-02", false, None),
                ("a", "2026-03", false, None),
                ("a", "2026-04", false, points("-9.5")),
                ("b", "2026-01", true, None),
                ("b", "2026-02", false, None),
            ]
        );
    }
}
