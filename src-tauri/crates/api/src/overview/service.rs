//! The Overview: month to date, last month, spend by provider, 90 days of
//! daily cost by top service, and the top services and accounts, computed
//! separately for each billing currency, or once in a display currency with
//! each day converted at its rate (as the explorer converts, so the totals
//! agree with `cloudlens explore --currency`).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

use chrono::{Datelike, Days, NaiveDate};
use cloudlens_charts::{grouped_bars_keyed, stacked_daily_with_theme, Series, Theme};
use cloudlens_model::{month_start, Decimal};
use cloudlens_store::{day_index, from_nanos, LineColumn, Metric, RollupRow};

use super::charges::OverviewCharges;
use super::convert::Conversion;

use crate::percent::{change, percent};
use crate::{
    provider_label, ApiError, ChartView, CloudLens, CostMetric, CurrencyOverview, ErrorCode,
    Locale, OverviewView, ProviderSpend, RankedRow,
};

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
        let same_end = prev
            .checked_add_days(Days::new(u64::from(as_of.day())))?
            .min(this);
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

/// In the app the UI draws the legend itself (it doubles as the hover key);
/// exported reports keep the SVG's own legend.
fn app_theme() -> Theme {
    Theme {
        legend: false,
        ..Theme::default()
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

/// The rollup rows of one currency (or of all, converted), with helpers
/// that sum them exactly.
struct Rows<'a> {
    rows: Vec<&'a RollupRow>,
    conversion: Option<&'a Conversion<'a>>,
}

impl Rows<'_> {
    fn within(&self, (from, to): (NaiveDate, NaiveDate)) -> impl Iterator<Item = &&RollupRow> {
        let (from, to) = (day_index(from), day_index(to));
        self.rows
            .iter()
            .filter(move |r| r.day >= from && r.day < to)
    }

    fn total(&self, window: (NaiveDate, NaiveDate)) -> Decimal {
        from_nanos(self.by(window, |_| ()).values().sum())
    }

    fn by<K: Hash + Eq>(
        &self,
        window: (NaiveDate, NaiveDate),
        key: impl Fn(&RollupRow) -> K,
    ) -> HashMap<K, i128> {
        let Some(conversion) = self.conversion else {
            let mut out: HashMap<K, i128> = HashMap::new();
            for r in self.within(window) {
                *out.entry(key(r)).or_default() += i128::from(r.nanos);
            }
            return out;
        };
        conversion.by(self.within(window).copied(), key)
    }
}

impl CloudLens {
    /// The Overview per billing currency, or with `display_currency` one
    /// Overview converted at the rate table's rates, saying which rates it
    /// read and which it lacked.
    pub fn overview(
        &self,
        cost: CostMetric,
        display_currency: Option<&str>,
        locale: Locale,
    ) -> Result<OverviewView, ApiError> {
        self.overview_of(cost, display_currency, locale, &OverviewCharges::default())
    }

    /// [`CloudLens::overview`] with charge types hidden or period charges
    /// spread as `charges` says.
    pub fn overview_of(
        &self,
        cost: CostMetric,
        display_currency: Option<&str>,
        locale: Locale,
        charges: &OverviewCharges,
    ) -> Result<OverviewView, ApiError> {
        if let Some(c) = display_currency {
            crate::explore::convert::check_currency("display_currency", c)?;
        }
        let reader = self.reader()?;
        let store = reader.lines();
        let Some(as_of) = store.latest_day()? else {
            return Ok(OverviewView {
                metric: cost,
                as_of: None,
                month_start: None,
                currencies: Vec::new(),
                conversion: None,
            });
        };
        let w = Windows::anchored_at(as_of).ok_or_else(|| {
            ApiError::new(ErrorCode::Internal, format!("no calendar around {as_of}"))
        })?;
        let window = (w.daily.0.min(w.last_month.0), w.month.1);
        let (all, names, accounts) = if charges.is_plain() {
            let all = store.rollup_rows(window.0, window.1, metric(cost))?;
            let names = store.strings(
                all.iter()
                    .flat_map(|r| [r.currency, r.provider, r.account, r.service]),
            )?;
            (all, names, store.account_names()?)
        } else {
            let column = match cost {
                CostMetric::Billed => LineColumn::Billed,
                CostMetric::Effective => LineColumn::Effective,
            };
            let r = self.overview_rows(window, column, charges)?;
            (r.rows, r.names, r.accounts)
        };
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();

        let rates;
        let conversion = match display_currency {
            Some(to) => {
                rates = self.rate_table()?;
                Some(Conversion::new(&rates, to, &names))
            }
            None => None,
        };
        let mut currencies: Vec<(String, Rows<'_>)> = match &conversion {
            Some(conv) => vec![(
                conv.to.to_string(),
                Rows {
                    rows: all.iter().collect(),
                    conversion: Some(conv),
                },
            )],
            None => {
                let mut by_currency: BTreeMap<String, Rows<'_>> = BTreeMap::new();
                for r in &all {
                    by_currency
                        .entry(name(r.currency))
                        .or_insert_with(|| Rows {
                            rows: Vec::new(),
                            conversion: None,
                        })
                        .rows
                        .push(r);
                }
                by_currency.into_iter().collect()
            }
        };
        // The currency with the most recent activity leads.
        currencies.sort_by_key(|(_, rows)| std::cmp::Reverse(rows.within(w.daily).count()));
        let conversion_view = conversion
            .as_ref()
            .map(|c| c.view(&all, (w.daily.0.min(w.last_month.0), w.month.1)));

        let labels = locale.chart_labels();
        let mut out = Vec::with_capacity(currencies.len());
        for (c, rows) in currencies {
            let month_to_date = rows.total(w.month);
            let last_month = rows.total(w.last_month);
            let same_period = rows.total(w.same_period_last_month);

            let by_provider = provider_spend(
                rows.by(w.month, |r| r.provider),
                rows.by(w.last_month, |r| r.provider),
            );
            let keys: Vec<String> = by_provider.iter().map(|p| name(p.0)).collect();
            let categories: Vec<String> = keys.iter().map(|k| provider_label(k, locale)).collect();
            // Coloured by a key, not the translated label: the same colours in
            // both languages.
            let provider_chart = grouped_bars_keyed(
                &categories,
                &[
                    Series {
                        label: labels.last_month.into(),
                        values: by_provider.iter().map(|p| p.2).collect(),
                    },
                    Series {
                        label: labels.month_to_date.into(),
                        values: by_provider.iter().map(|p| p.1).collect(),
                    },
                ],
                &["last_month", "month_to_date"],
                &c,
                PROVIDER_SIZE,
                &app_theme(),
            )
            .map(|c| ChartView::of(c).with_x_keys(keys))
            .map_err(internal)?;
            let daily = rows.by(w.daily, |r| (r.day, r.service));
            let daily_chart = daily_chart(w.daily, &daily, &name, &c, labels.other)?;

            let services = rows.by(w.top, |r| (r.provider, r.service));
            let top_services = ranked(&services, |&(p, s)| (name(s), name(s), name(p)));
            let account_spend = rows.by(w.top, |r| (r.provider, r.account));
            let top_accounts = ranked(&account_spend, |&(p, a)| {
                (
                    name(a),
                    accounts.get(&a).cloned().unwrap_or_else(|| name(a)),
                    name(p),
                )
            });
            out.push(CurrencyOverview {
                month_to_date: month_to_date.to_string(),
                last_month: last_month.to_string(),
                same_period_last_month: same_period.to_string(),
                change_pct: change(month_to_date, same_period),
                by_provider: by_provider
                    .into_iter()
                    .map(|(provider, mtd, last)| ProviderSpend {
                        provider: name(provider),
                        month_to_date: mtd.to_string(),
                        last_month: last.to_string(),
                    })
                    .collect(),
                provider_chart,
                daily_chart,
                top_services,
                top_accounts,
                currency: c,
            });
        }
        Ok(OverviewView {
            metric: cost,
            as_of: Some(w.as_of.to_string()),
            month_start: Some(w.month.0.to_string()),
            currencies: out,
            conversion: conversion_view,
        })
    }
}

/// (provider id, month to date, last month), largest month to date first.
fn provider_spend(
    mtd: HashMap<i64, i128>,
    last: HashMap<i64, i128>,
) -> Vec<(i64, Decimal, Decimal)> {
    let mut map: BTreeMap<i64, (i128, i128)> = BTreeMap::new();
    for (p, v) in mtd {
        map.entry(p).or_default().0 += v;
    }
    for (p, v) in last {
        map.entry(p).or_default().1 += v;
    }
    let mut v: Vec<_> = map
        .into_iter()
        .map(|(p, (a, b))| (p, from_nanos(a), from_nanos(b)))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    v
}

/// Top entries by amount; `describe` turns a key into (key, label, provider).
fn ranked<K: Ord>(
    sums: &HashMap<K, i128>,
    describe: impl Fn(&K) -> (String, String, String),
) -> Vec<RankedRow> {
    let total = from_nanos(sums.values().sum());
    let mut sorted: Vec<(&K, &i128)> = sums.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    sorted
        .into_iter()
        .take(TOP_N)
        .map(|(k, v)| {
            let (key, label, provider) = describe(k);
            let amount = from_nanos(*v);
            RankedRow {
                key,
                label,
                provider,
                amount: amount.to_string(),
                share_pct: percent(amount, total).unwrap_or_else(|| "0.00".into()),
            }
        })
        .collect()
}

fn daily_chart(
    (from, to): (NaiveDate, NaiveDate),
    sums: &HashMap<(i64, i64), i128>,
    name: &dyn Fn(i64) -> String,
    currency: &str,
    other: &str,
) -> Result<ChartView, ApiError> {
    let days: Vec<NaiveDate> = from.iter_days().take_while(|d| *d < to).collect();
    let first = day_index(from);

    let mut by_service: HashMap<i64, i128> = HashMap::new();
    for (&(_, s), v) in sums {
        *by_service.entry(s).or_default() += v;
    }
    let mut top: Vec<(i64, i128)> = by_service.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let shown: Vec<i64> = top.iter().take(STACKED_SERVICES).map(|t| t.0).collect();

    let mut values = vec![vec![0i128; days.len()]; shown.len() + 1];
    for (&(day, service), v) in sums {
        let Some(i) = usize::try_from(day - first)
            .ok()
            .filter(|i| *i < days.len())
        else {
            continue;
        };
        let s = shown
            .iter()
            .position(|x| *x == service)
            .unwrap_or(shown.len());
        values[s][i] += v;
    }
    let mut series: Vec<Series> = shown
        .iter()
        .zip(&values)
        .map(|(s, v)| Series {
            label: name(*s),
            values: v.iter().map(|n| from_nanos(*n)).collect(),
        })
        .collect();
    if top.len() > shown.len() {
        let rest = values
            .last()
            .map(|v| v.iter().map(|n| from_nanos(*n)).collect())
            .unwrap_or_default();
        series.push(Series {
            label: other.to_string(),
            values: rest,
        });
    }
    stacked_daily_with_theme(&days, &series, currency, DAILY_SIZE, &app_theme())
        .map(ChartView::of)
        .map_err(internal)
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
