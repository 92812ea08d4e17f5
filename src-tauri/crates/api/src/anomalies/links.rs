//! Explorer links (`cloudlens://explore?...`) that show an anomaly: its
//! scope group over the anomaly and the weeks before, whole or grouped by
//! a root-cause dimension.

use chrono::Duration;

use super::codec::Groups;
use super::views::MonitorScope;
use crate::{ChartStyle, DimensionFilter, ExploreMetric, ExploreQuery, Granularity, ViewState};

/// Days before the anomaly an explorer link starts.
const BEFORE_DAYS: i64 = 28;

pub(crate) struct Place<'a> {
    pub scope: &'a MonitorScope,
    pub groups: &'a Groups,
    pub metric: ExploreMetric,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
}

fn query(p: &Place, group_by: Vec<String>) -> ExploreQuery {
    let mut filters = p.scope.filters.clone();
    filters.extend(p.groups.iter().map(|(d, v)| DimensionFilter {
        dimension: d.clone(),
        values: vec![v.clone()],
        exclude: false,
    }));
    ExploreQuery {
        group_by,
        filters,
        from: (p.start - Duration::days(BEFORE_DAYS)).to_string(),
        to: (p.end + Duration::days(1)).to_string(),
        granularity: Granularity::Day,
        metric: p.metric,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: false,
        spread_periods: false,
        limit: 0,
    }
}

fn link(q: ExploreQuery, style: ChartStyle) -> String {
    crate::view_link::link(&ViewState {
        query: q,
        style,
        compare: false,
    })
}

pub(crate) fn scope(p: &Place) -> String {
    link(query(p, Vec::new()), ChartStyle::Line)
}

pub(crate) fn by_dimension(p: &Place, dimension: &str) -> String {
    link(
        query(p, vec![dimension.to_string()]),
        ChartStyle::StackedBar,
    )
}
