//! View models of the cost explorer and its saved views: the contract
//! between the explorer engine and the UI.
//!
//! Dimension names (shared with saved views and the CLI): `provider`,
//! `billing_account`, `sub_account`, `service`, `service_category`, `region`,
//! `resource`, `charge_category`, `pricing_category`, `commitment_discount`,
//! `tag:KEY`, `vtag:NAME`. A group value of `None` is "untagged" / "none".

use crate::ChartView;
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExploreMetric {
    Billed,
    /// Amortized.
    Effective,
    List,
    Contracted,
    /// Consumed quantity, per consumed unit (the unit takes the currency's place).
    Usage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    /// ISO weeks, labelled by their Monday.
    Week,
    /// Labelled by the first of the month.
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartStyle {
    StackedBar,
    Area,
    Line,
}

/// Include or exclude lines whose `dimension` is one of `values`; a `None`
/// value matches untagged / absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DimensionFilter {
    pub dimension: String,
    pub values: Vec<Option<String>>,
    pub exclude: bool,
}

/// One explorer question. Dates are `YYYY-MM-DD`; `from` inclusive, `to`
/// exclusive, on the charge period start (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExploreQuery {
    /// Zero, one or two dimension names.
    pub group_by: Vec<String>,
    pub filters: Vec<DimensionFilter>,
    pub from: String,
    pub to: String,
    pub granularity: Granularity,
    pub metric: ExploreMetric,
    /// Convert every amount into this currency with the rate table; `None`
    /// keeps billing currencies apart (rows per currency).
    pub display_currency: Option<String>,
    /// Evaluate virtual tags and shared costs as of this rule version;
    /// `None` is the current rules.
    pub rules_version: Option<i64>,
    /// Apply shared-cost splits (on by default in the UI).
    pub apply_shared_costs: bool,
    /// Spread charges covering several days (monthly subscriptions, support,
    /// taxes) over those days, each line's parts adding up to it to the cent;
    /// periods holding whole charge periods keep their totals.
    #[serde(default)]
    pub spread_periods: bool,
    /// Groups beyond this many (by total) fold into one "other" group; 0 = no limit.
    pub limit: u32,
}

/// One group's amount in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExploreRow {
    /// `YYYY-MM-DD`: the period's first day.
    pub period: String,
    /// One value per `group_by` dimension, in order; `None` = untagged / none.
    pub groups: Vec<Option<String>>,
    /// Exact decimal string.
    pub amount: String,
    /// Currency (or unit, for usage).
    pub currency: String,
}

/// One group's total over the range, for the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExploreGroupTotal {
    pub groups: Vec<Option<String>>,
    pub amount: String,
    pub currency: String,
    /// Share of the currency's total, percent with two decimals, as text.
    pub share: String,
    /// Whether this is the folded "other" group.
    pub other: bool,
}

/// A (date, from, to) the conversion needed and the rate table lacks. The
/// amounts concerned are left out of converted totals and listed here, never
/// converted at 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MissingRate {
    pub date: String,
    pub from: String,
    pub to: String,
    /// The unconverted amount affected, in `from`.
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ExploreResult {
    pub query: ExploreQuery,
    /// Period starts, in order (the chart's x bands).
    pub periods: Vec<String>,
    pub rows: Vec<ExploreRow>,
    pub totals: Vec<ExploreGroupTotal>,
    /// Grand total per currency (or unit).
    pub grand_totals: Vec<CurrencyAmount>,
    pub missing_rates: Vec<MissingRate>,
    /// The last period's start when that period is incomplete (the range or
    /// the data ends before it does); its bar is drawn hatched.
    pub partial_period: Option<String>,
    /// Drawn with plotters for the leading currency (the display currency
    /// when converting); `None` when there is nothing to draw.
    pub chart: Option<ChartView>,
    /// In billing currencies, the chart of each other currency, in the order
    /// of `grand_totals`; empty when converting or with one currency.
    pub other_charts: Vec<ChartView>,
    /// Time the engine spent, milliseconds (for the status line).
    pub elapsed_ms: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CurrencyAmount {
    pub currency: String,
    pub amount: String,
}

/// Distinct values of a dimension in a date range, for filter pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DimensionValues {
    pub dimension: String,
    /// Sorted by spend, highest first; `None` = untagged / none.
    pub values: Vec<Option<String>>,
    /// More values exist than were returned (search narrows them).
    pub truncated: bool,
}

/// Every dimension name available now: the fixed ones, `tag:KEY` per tag
/// key seen, `vtag:NAME` per virtual tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DimensionList {
    pub dimensions: Vec<String>,
}

/// A group's change against the previous period of the same length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CompareRow {
    pub groups: Vec<Option<String>>,
    pub currency: String,
    pub current: String,
    pub previous: String,
    pub delta: String,
    /// Percent change as text; `None` when the previous amount is zero.
    pub delta_percent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CompareResult {
    pub current_from: String,
    pub current_to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub rows: Vec<CompareRow>,
    /// Largest increases first.
    pub top_up: Vec<CompareRow>,
    /// Largest decreases first.
    pub top_down: Vec<CompareRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ResourceLineView {
    pub charge_start: String,
    pub charge_end: String,
    pub service: String,
    pub sku: Option<String>,
    pub charge_category: String,
    pub billed: String,
    pub effective: String,
    pub currency: String,
    pub quantity: Option<String>,
    pub unit: Option<String>,
    /// Where the line came from: `import #12 (file.csv, line 40)`, `sync #3 (request …, page 2)`, `demo`.
    pub provenance: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ResourceDetail {
    pub resource_id: String,
    pub name: Option<String>,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub service: String,
    pub tags: Vec<TagPair>,
    /// Virtual tag values the current rules give it.
    pub virtual_tags: Vec<TagPair>,
    /// What `daily`, `chart` and `total` measure (the explorer's metric).
    pub metric: ExploreMetric,
    /// Amounts a display currency could not convert (left out of the total).
    pub missing_rates: Vec<MissingRate>,
    /// Daily cost over the range, chart-ready.
    pub daily: Vec<ExploreRow>,
    pub chart: Option<ChartView>,
    /// The most recent lines first; at most 500.
    pub lines: Vec<ResourceLineView>,
    pub total: Vec<CurrencyAmount>,
    /// Inventory facts when a sync has seen the resource (state, size, created).
    pub inventory: Option<InventoryFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TagPair {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct InventoryFacts {
    pub kind: String,
    pub state: String,
    pub size: Option<String>,
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SavedView {
    pub name: String,
    /// The view's state as a `cloudlens://explore?...` link (see `view_link`).
    pub link: String,
    /// RFC 3339.
    pub saved_at: String,
}

/// Which table export: exactly the rows and columns shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// Everything a saved view or a copied link restores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ViewState {
    pub query: ExploreQuery,
    pub style: ChartStyle,
    /// Compare with the previous period.
    pub compare: bool,
}

/// A query's rows without totals or chart, for automation (the CLI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExploreRows {
    pub rows: Vec<ExploreRow>,
    pub missing_rates: Vec<MissingRate>,
}

/// What the explorer's snapshot holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFacts {
    pub lines: u64,
    /// The first and last charge day with lines.
    pub days: Option<(chrono::NaiveDate, chrono::NaiveDate)>,
    /// Distinct dimension combinations (`dims` rows) per service name.
    pub combinations_per_service: std::collections::BTreeMap<String, usize>,
}
