//! Root cause of one anomaly: the scope group's spend broken down by each
//! dimension the group does not already fix, over the anomaly and the five
//! weeks before it, explained by the detector's `explain`.

use chrono::Duration;
use cloudlens_anomaly::{explain, Breakdown, Contribution, Finding, Target, ValueDays};
use cloudlens_explore as engine;

use super::series::Window;
use super::views::MonitorScope;
use crate::{ApiError, CloudLens, DimensionFilter};

/// Where a cause is looked for, broadest first.
pub(crate) const DIMENSIONS: [&str; 8] = [
    "provider",
    "billing_account",
    "sub_account",
    "service",
    "region",
    "resource",
    "sku",
    "charge_category",
];
/// Days before the anomaly that give each value its normal share.
pub(crate) const HISTORY_DAYS: i64 = 35;

/// Dimensions the group or a single-value filter already fixes.
fn fixed(scope: &MonitorScope, dim: &str) -> bool {
    scope.group_by.iter().any(|g| g == dim)
        || scope
            .filters
            .iter()
            .any(|f| f.dimension == dim && !f.exclude && f.values.len() == 1)
}

pub(crate) struct Case<'a> {
    pub scope: &'a MonitorScope,
    pub group: &'a [DimensionFilter],
    pub currency: &'a str,
    pub metric: engine::Metric,
    pub finding: &'a Finding,
    /// First day with data.
    pub data_from: chrono::NaiveDate,
}

impl CloudLens {
    pub(crate) fn root_cause(&self, c: &Case) -> Result<Vec<Contribution>, ApiError> {
        let f = c.finding;
        let w = Window::between(
            (f.start - Duration::days(HISTORY_DAYS)).max(c.data_from),
            f.end,
        );
        let mut breakdowns = Vec::new();
        for dim in DIMENSIONS.iter().filter(|d| !fixed(c.scope, d)) {
            let series = self.daily_series(c.scope, c.group, &[dim.to_string()], c.metric, w)?;
            breakdowns.push(Breakdown {
                dimension: dim.to_string(),
                values: series
                    .iter()
                    .filter(|s| s.currency == c.currency)
                    .map(|s| ValueDays {
                        value: s.groups.first().cloned().flatten(),
                        days: s.values(),
                    })
                    .collect(),
            });
        }
        let days: Vec<(usize, f64)> = f
            .days
            .iter()
            .map(|d| (w.index(d.date), d.expected))
            .collect();
        Ok(explain(
            &breakdowns,
            &Target {
                start: w.from,
                kind: f.kind,
                days: &days,
                impact: f.impact(),
            },
        ))
    }
}
