//! The Overview: month to date, last month, spend by provider, 90 days of
//! daily cost by top service, and the top services and accounts, computed
//! separately for each billing currency.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate};
use cloudlens_charts::{grouped_bars, stacked_daily, ChartView, Series};
use cloudlens_model::{month_start, Decimal};
use cloudlens_store::{AggRow, Metric, RollupDim as D};

use crate::percent::{change, percent};
use crate::{ApiError, CloudLens, CostMetric, CurrencyOverview, ErrorCode, Locale, OverviewView, ProviderSpend, RankedRow};

const DAILY_DAYS: u64 = 90;
const TOP_DAYS: u64 = 30;
const TOP_N: usize = 10;
const STACKED_SERVICES: usize = 6;
const DAILY_SIZE: (u32, u32) = (960, 320);
const PROVIDER_SIZE: (u32, u32) = (520, 320);

/// The date windows of one Overview, all half-open `[from, to)`.
struct Windows {
    as_of: NaiveDate,
    month: (NaiveDate, NaiveDate),
    last_month: (NaiveDate, NaiveDate),
    same_period_last_month: (NaiveDate, NaiveDate),
    daily: (NaiveDate, NaiveDate),
    top: (NaiveDate, NaiveDate),
}

impl Windows {
    fn anchored_at(as_of: NaiveDate) -> Option<Self> {
        let end = as_of.checked_add_days(Days::new(1))?;
        let this = month_start(as_of);
        let prev = month_start(this.pred_opt()?);
        let same_end = prev.checked_add_days(Days::new(u64::from(as_of.day())))?.min(this);
        Some(Self {
            as_of,
            month: (this, end),
            last_month: (prev, this),
            same_period_last_month: (prev, same_end),
            daily: (end.checked_sub_days(Days::new(DAILY_DAYS))?, end),
            top: (end.checked_sub_days(Days::new(TOP_DAYS))?, end),
        })
    }
}

fn metric(m: CostMetric) -> Metric {
    match m {
        CostMetric::Billed => Metric::Billed,
        CostMetric::Effective => Metric::Effective,
    }
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

/// Rows keyed by their first key (the currency), the rest kept as the row.
fn by_currency(rows: Vec<AggRow>) -> BTreeMap<String, Vec<AggRow>> {
    let mut out: BTreeMap<String, Vec<AggRow>> = BTreeMap::new();
    for mut r in rows {
        let currency = r.keys.remove(0);
        out.entry(currency).or_default().push(r);
    }
    out
}

fn single_total(rows: Option<&Vec<AggRow>>) -> Decimal {
    rows.map(|rs| rs.iter().map(|r| r.amount).sum()).unwrap_or_default()
}

impl CloudLens {
    pub fn overview(&self, cost: CostMetric, locale: Locale) -> Result<OverviewView, ApiError> {
        let Some(as_of) = self.store.latest_day()? else {
            return Ok(OverviewView { metric: cost, as_of: None, month_start: None, currencies: Vec::new() });
        };
        let w = Windows::anchored_at(as_of)
            .ok_or_else(|| ApiError::new(ErrorCode::Internal, format!("no calendar around {as_of}")))?;
        let m = metric(cost);
        let q = |(from, to): (NaiveDate, NaiveDate), group: &[D]| self.store.aggregate(from, to, m, group);

        let mtd = by_currency(q(w.month, &[D::Currency])?);
        let last = by_currency(q(w.last_month, &[D::Currency])?);
        let same = by_currency(q(w.same_period_last_month, &[D::Currency])?);
        let prov_mtd = by_currency(q(w.month, &[D::Currency, D::Provider])?);
        let prov_last = by_currency(q(w.last_month, &[D::Currency, D::Provider])?);
        let daily = by_currency(q(w.daily, &[D::Currency, D::Day, D::Service])?);
        let services = by_currency(q(w.top, &[D::Currency, D::Provider, D::Service])?);
        let accounts = by_currency(q(w.top, &[D::Currency, D::Provider, D::Account])?);
        let names = self.store.account_names()?;

        let mut currencies: Vec<String> = mtd.keys().chain(last.keys()).chain(daily.keys()).cloned().collect();
        currencies.sort();
        currencies.dedup();
        // The currency with the most recent activity leads.
        currencies.sort_by_key(|c| std::cmp::Reverse(daily.get(c).map(|rs| rs.iter().map(|r| r.lines).sum::<u64>())));

        let labels = locale.chart_labels();
        let mut out = Vec::with_capacity(currencies.len());
        for c in currencies {
            let month_to_date = single_total(mtd.get(&c));
            let last_month = single_total(last.get(&c));
            let same_period = single_total(same.get(&c));

            let by_provider = provider_spend(prov_mtd.get(&c), prov_last.get(&c));
            let categories: Vec<String> = by_provider.iter().map(|p| p.0.clone()).collect();
            let provider_chart = grouped_bars(
                &categories,
                &[
                    Series { label: labels.last_month.into(), values: by_provider.iter().map(|p| p.2).collect() },
                    Series { label: labels.month_to_date.into(), values: by_provider.iter().map(|p| p.1).collect() },
                ],
                &c,
                PROVIDER_SIZE,
            )
            .map_err(internal)?;

            let daily_chart = daily_chart(w.daily, daily.get(&c), &c, labels.other)?;
            out.push(CurrencyOverview {
                month_to_date: month_to_date.to_string(),
                last_month: last_month.to_string(),
                same_period_last_month: same_period.to_string(),
                change_pct: change(month_to_date, same_period),
                by_provider: by_provider
                    .into_iter()
                    .map(|(provider, mtd, last)| ProviderSpend {
                        provider,
                        month_to_date: mtd.to_string(),
                        last_month: last.to_string(),
                    })
                    .collect(),
                provider_chart,
                daily_chart,
                top_services: ranked(services.get(&c), |k| (k[1].clone(), k[1].clone(), k[0].clone())),
                top_accounts: ranked(accounts.get(&c), |k| {
                    let label = names.get(&k[1]).cloned().unwrap_or_else(|| k[1].clone());
                    (k[1].clone(), label, k[0].clone())
                }),
                currency: c,
            });
        }
        Ok(OverviewView {
            metric: cost,
            as_of: Some(w.as_of.to_string()),
            month_start: Some(w.month.0.to_string()),
            currencies: out,
        })
    }
}

/// (provider, month to date, last month), largest month to date first.
fn provider_spend(mtd: Option<&Vec<AggRow>>, last: Option<&Vec<AggRow>>) -> Vec<(String, Decimal, Decimal)> {
    let mut map: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for r in mtd.into_iter().flatten() {
        map.entry(r.keys[0].clone()).or_default().0 += r.amount;
    }
    for r in last.into_iter().flatten() {
        map.entry(r.keys[0].clone()).or_default().1 += r.amount;
    }
    let mut v: Vec<_> = map.into_iter().map(|(p, (a, b))| (p, a, b)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    v
}

/// Top rows by amount; `describe` turns the row's keys (after the currency)
/// into (key, label, provider).
fn ranked(rows: Option<&Vec<AggRow>>, describe: impl Fn(&[String]) -> (String, String, String)) -> Vec<RankedRow> {
    let rows = rows.map(Vec::as_slice).unwrap_or_default();
    let total: Decimal = rows.iter().map(|r| r.amount).sum();
    let mut sorted: Vec<&AggRow> = rows.iter().collect();
    sorted.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.keys.cmp(&b.keys)));
    sorted
        .into_iter()
        .take(TOP_N)
        .map(|r| {
            let (key, label, provider) = describe(&r.keys);
            RankedRow {
                key,
                label,
                provider,
                amount: r.amount.to_string(),
                share_pct: percent(r.amount, total).unwrap_or_else(|| "0.00".into()),
            }
        })
        .collect()
}

fn daily_chart(
    (from, to): (NaiveDate, NaiveDate),
    rows: Option<&Vec<AggRow>>,
    currency: &str,
    other: &str,
) -> Result<ChartView, ApiError> {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d < to).collect();
    let index: HashMap<String, usize> = days.iter().enumerate().map(|(i, d)| (d.to_string(), i)).collect();
    let rows = rows.map(Vec::as_slice).unwrap_or_default();

    let mut by_service: HashMap<&str, Decimal> = HashMap::new();
    for r in rows {
        *by_service.entry(r.keys[1].as_str()).or_default() += r.amount;
    }
    let mut top: Vec<(&str, Decimal)> = by_service.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let shown: Vec<&str> = top.iter().take(STACKED_SERVICES).map(|t| t.0).collect();

    let mut series: Vec<Series> =
        shown.iter().map(|s| Series { label: (*s).to_string(), values: vec![Decimal::ZERO; days.len()] }).collect();
    let mut rest = vec![Decimal::ZERO; days.len()];
    let has_rest = top.len() > shown.len();
    for r in rows {
        let Some(&i) = index.get(&r.keys[0]) else { continue };
        match shown.iter().position(|s| *s == r.keys[1]) {
            Some(s) => series[s].values[i] += r.amount,
            None => rest[i] += r.amount,
        }
    }
    if has_rest {
        series.push(Series { label: other.to_string(), values: rest });
    }
    stacked_daily(&days, &series, currency, DAILY_SIZE).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn windows_compare_like_for_like_and_clip_short_months() {
        let w = Windows::anchored_at(d(2026, 3, 31)).unwrap();
        assert_eq!(w.month, (d(2026, 3, 1), d(2026, 4, 1)));
        assert_eq!(w.last_month, (d(2026, 2, 1), d(2026, 3, 1)));
        // February has no 31st: the comparison window is all of February.
        assert_eq!(w.same_period_last_month, (d(2026, 2, 1), d(2026, 3, 1)));
        assert_eq!(w.daily.1.signed_duration_since(w.daily.0).num_days(), 90);

        let w = Windows::anchored_at(d(2026, 1, 10)).unwrap();
        assert_eq!(w.same_period_last_month, (d(2025, 12, 1), d(2025, 12, 11)));
    }
}
