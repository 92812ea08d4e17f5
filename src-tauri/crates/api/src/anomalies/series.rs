//! Exact daily sums per scope group, through the explorer's own query
//! machinery (the same snapshot, dimensions, virtual tags and filters as
//! an explorer view), as the detector's series.

use chrono::{Duration, NaiveDate};
use cloudlens_explore as engine;

use super::views::MonitorScope;
use crate::explore::convert::{engine_err, rules, stored_rules};
use crate::{ApiError, CloudLens, DimensionFilter};

/// One group's daily spend in one currency over a window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupSeries {
    pub groups: Vec<Option<String>>,
    pub currency: String,
    /// Exact nano-unit sums, one per day of the window.
    pub nanos: Vec<i128>,
}

impl GroupSeries {
    pub fn values(&self) -> Vec<f64> {
        self.nanos
            .iter()
            .map(|n| super::money::model_value(*n))
            .collect()
    }
}

/// `days` days from `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Window {
    pub from: NaiveDate,
    pub days: usize,
}

impl Window {
    pub fn between(from: NaiveDate, last: NaiveDate) -> Window {
        Window {
            from,
            days: ((last - from).num_days() + 1).max(0) as usize,
        }
    }

    pub fn index(&self, d: NaiveDate) -> usize {
        (d - self.from).num_days().max(0) as usize
    }

    pub fn date(&self, i: usize) -> NaiveDate {
        self.from + Duration::days(i as i64)
    }

    pub fn end(&self) -> NaiveDate {
        self.date(self.days)
    }
}

/// Filters that select one group of a scope.
pub(crate) fn group_filters(
    group_by: &[String],
    values: &[Option<String>],
) -> Vec<DimensionFilter> {
    group_by
        .iter()
        .zip(values)
        .map(|(d, v)| DimensionFilter {
            dimension: d.clone(),
            values: vec![v.clone()],
            exclude: false,
        })
        .collect()
}

impl CloudLens {
    /// Daily sums of `metric` per (group of `group_by`, currency) over `w`,
    /// for the lines the scope's filters and `extra` keep.
    pub(crate) fn daily_series(
        &self,
        scope: &MonitorScope,
        extra: &[DimensionFilter],
        group_by: &[String],
        metric: engine::Metric,
        w: Window,
    ) -> Result<Vec<GroupSeries>, ApiError> {
        if w.days == 0 {
            return Ok(Vec::new());
        }
        let query = engine::Query {
            group_by: group_by.to_vec(),
            filters: scope
                .filters
                .iter()
                .chain(extra)
                .map(|f| engine::Filter {
                    dimension: f.dimension.clone(),
                    values: f.values.clone(),
                    exclude: f.exclude,
                })
                .collect(),
            from: w.from,
            to: w.end(),
            granularity: engine::Granularity::Day,
            metric,
            display_currency: None,
            rules: rules(&stored_rules(self.reader()?.allocation(), None)?)?,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        };
        let outcome = self.engine_query(&query).map_err(|e| {
            if e.code == crate::ErrorCode::InvalidInput {
                engine_err(engine::ExploreError(format!(
                    "monitor scope: {}",
                    e.message
                )))
            } else {
                e
            }
        })?;
        let mut out: Vec<GroupSeries> = Vec::new();
        let mut index: std::collections::HashMap<(Vec<Option<String>>, String), usize> =
            Default::default();
        for c in &outcome.cells {
            let groups: Vec<Option<String>> = c
                .groups
                .iter()
                .map(|g| g.as_deref().map(str::to_string))
                .collect();
            let key = (groups, c.currency.to_string());
            let i = *index.entry(key.clone()).or_insert_with(|| {
                out.push(GroupSeries {
                    groups: key.0.clone(),
                    currency: key.1.clone(),
                    nanos: vec![0; w.days],
                });
                out.len() - 1
            });
            let day = outcome
                .periods
                .get(c.period)
                .map_or(usize::MAX, |d| w.index(*d));
            if let Some(slot) = out[i].nanos.get_mut(day) {
                *slot += c.nanos;
            }
        }
        out.sort_by(|a, b| a.groups.cmp(&b.groups).then(a.currency.cmp(&b.currency)));
        Ok(out)
    }
}
