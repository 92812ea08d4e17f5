//! Exact daily sums of a forecast scope, per group and currency, read with
//! the explorer's query (day granularity, charge days before `as_of`).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use cloudlens_forecast::DailySeries;

use super::{invalid, ForecastQuery};
use crate::{ApiError, CloudLens, ExploreMetric, ExploreQuery, Granularity};

/// One group's exact daily sums from `ForecastHistory::start` to `as_of`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistorySeries {
    pub groups: Vec<Option<String>>,
    pub currency: String,
    /// Nano-units per day.
    pub nanos: Vec<i128>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastHistory {
    pub start: NaiveDate,
    pub as_of: NaiveDate,
    /// With a display currency: the first day every amount converted, and
    /// the pairs whose rates were missing before it (earlier days are left
    /// out of the history).
    pub rates_from: Option<(NaiveDate, Vec<String>)>,
    pub series: Vec<HistorySeries>,
}

impl HistorySeries {
    /// The sums as `f64` currency units, for the model only.
    pub fn daily(&self, start: NaiveDate) -> DailySeries {
        DailySeries {
            start,
            values: self.nanos.iter().map(|n| *n as f64 / 1e9).collect(),
        }
    }

    /// Exact sum of the days `from..to`.
    pub(crate) fn exact_sum(&self, start: NaiveDate, from: NaiveDate, to: NaiveDate) -> i128 {
        let a = (from - start).num_days().max(0) as usize;
        let b = (to - start).num_days().max(0) as usize;
        self.nanos.iter().take(b).skip(a).sum()
    }
}

fn parse_date(field: &str, s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| invalid(format!("{field}: expected a date YYYY-MM-DD, got {s:?}")))
}

impl CloudLens {
    /// The scope's daily sums, exact, from the store's first charge day to
    /// the day before `as_of`; no line charged on or after `as_of` is read.
    pub fn forecast_history(&self, q: &ForecastQuery) -> Result<ForecastHistory, ApiError> {
        if !matches!(q.metric, ExploreMetric::Billed | ExploreMetric::Effective) {
            return Err(invalid(format!(
                "metric: expected billed or effective, got {:?}",
                q.metric
            )));
        }
        let snapshot = self.explore_snapshot()?;
        let span = snapshot.day_span();
        let as_of = match (&q.as_of, span) {
            (Some(s), _) => parse_date("as_of", s)?,
            (None, Some((_, last))) => cloudlens_explore::date_of(last) + Duration::days(1),
            (None, None) => {
                return Err(invalid(
                    "the store has no cost lines to forecast; import bills or load the demo".into(),
                ))
            }
        };
        let first_day = match span {
            Some((first, _)) => cloudlens_explore::date_of(first).min(as_of),
            None => as_of,
        };
        let query = ExploreQuery {
            group_by: q.group_by.clone(),
            filters: q.filters.clone(),
            from: first_day.to_string(),
            to: as_of.to_string(),
            granularity: Granularity::Day,
            metric: q.metric,
            display_currency: q.display_currency.clone(),
            rules_version: q.rules_version,
            apply_shared_costs: q.apply_shared_costs,
            spread_periods: false,
            limit: 0,
        };
        let (outcome, _) = self.explore_outcome(&query)?;
        // Days up to the last one with an unconvertible amount are left out
        // (their sums would be partial); the rest is forecast if long enough.
        let mut start = first_day;
        let mut rates_from = None;
        if let Some(last) = outcome.missing_rates.iter().map(|m| m.date).max() {
            let pairs: std::collections::BTreeSet<String> = outcome
                .missing_rates
                .iter()
                .map(|m| format!("{}→{}", m.from, m.to))
                .collect();
            let pairs: Vec<String> = pairs.into_iter().collect();
            let first_ok = last + Duration::days(1);
            if first_ok >= as_of {
                return Err(invalid(format!(
                    "display_currency: no exchange rate for {} on or before {last}; add rates, \
                     or forecast in billing currencies",
                    pairs.join(", ")
                )));
            }
            rates_from = Some((first_ok, pairs));
            start = first_ok;
        }
        let days = (as_of - start).num_days().max(0) as usize;
        let mut by: BTreeMap<(Vec<Option<String>>, String), Vec<i128>> = BTreeMap::new();
        for c in &outcome.cells {
            let Some(day) = outcome.periods.get(c.period) else {
                continue;
            };
            let i = (*day - start).num_days();
            if i < 0 && rates_from.is_some() {
                continue;
            }
            if i < 0 || i as usize >= days {
                return Err(invalid(format!(
                    "the explorer returned a day outside {start}..{as_of}: {day}"
                )));
            }
            let groups: Vec<Option<String>> = c
                .groups
                .iter()
                .map(|g| g.as_ref().map(|v| v.to_string()))
                .collect();
            let v = by
                .entry((groups, c.currency.to_string()))
                .or_insert_with(|| vec![0; days]);
            v[i as usize] += c.nanos;
        }
        Ok(ForecastHistory {
            start,
            as_of,
            rates_from,
            series: by
                .into_iter()
                .map(|((groups, currency), nanos)| HistorySeries {
                    groups,
                    currency,
                    nanos,
                })
                .collect(),
        })
    }
}
