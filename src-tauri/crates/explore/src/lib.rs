//! The cost explorer engine: an in-memory columnar snapshot of the store's
//! lines, bucketed by charge day, and queries over it. Dimensions, tags and
//! virtual tags resolve once per distinct dimension combination, never per
//! line; the per-line work is one tight scan summing nano-units into i128
//! accumulators. Amounts in different currencies never add up unless
//! converted with the rate table, and a missing rate is reported, never 1.

mod charge_type;
mod coverage;
mod day_rows;
mod dimension;
mod period;
mod query;
mod rates;
mod rules;
mod snapshot;
mod split;
mod spread;
mod tag_keys;

pub use charge_type::{charge_type, CHARGE_TYPE, CHARGE_TYPES};
pub use coverage::{Coverage, CoverageLevel, CoverageQuery, CoverageRow};
pub use day_rows::DayRow;
pub use dimension::{Dimension, FIXED as FIXED_DIMENSIONS};
pub use period::{is_partial, period_end};
pub use query::{Cell, Filter, Granularity, Outcome, Query, SharedApplied};
pub use rates::{MissingRate, RateTable};
pub use rules::{Condition, MatchOp, RuleSet, SharedCost, SplitMethod, VirtualTag, VirtualTagRule};
pub use snapshot::Snapshot;
pub use split::split_exact;
pub use spread::spread_exact;
pub use tag_keys::{merged_keys, suggest_merges, TagKeyMerge};

pub use cloudlens_store::LineColumn as Metric;

/// What a query refused, naming what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreError(pub String);

impl std::fmt::Display for ExploreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExploreError {}

pub fn day_number(d: chrono::NaiveDate) -> i32 {
    (d - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days() as i32
}

pub fn date_of(day: i32) -> chrono::NaiveDate {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    epoch + chrono::Duration::days(i64::from(day))
}
