//! View models of budgets: definitions as the UI and CLI send them, and the
//! figures of the current and past periods. Amounts are exact decimal
//! strings in the budget's currency; percentages are plain numbers.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ChartView, CostMetric, DimensionFilter, MissingRate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetPeriod {
    Month,
    /// A quarter of the fiscal year.
    Quarter,
    /// A fiscal year.
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdKind {
    /// Actual spend to date.
    Actual,
    /// The forecast at period end.
    Forecast,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BudgetThreshold {
    pub kind: ThresholdKind,
    /// Percent of the amount, above 0 and at most 1000.
    pub percent: f64,
}

/// A budget as defined: what it covers, how it is measured, how much, and
/// who is told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BudgetSpec {
    pub name: String,
    /// The explorer's filters: any dimension, `tag:KEY` or `vtag:NAME`,
    /// include or exclude. None: all spend.
    pub filters: Vec<DimensionFilter>,
    pub metric: CostMetric,
    pub period: BudgetPeriod,
    /// First month (1–12) of the fiscal year, for quarters and years.
    pub fiscal_start: u32,
    /// Exact decimal, above zero.
    pub amount: String,
    /// ISO 4217; spend is converted into it with the dated rates.
    pub currency: String,
    pub thresholds: Vec<BudgetThreshold>,
    /// Alert channels told when a threshold is crossed.
    pub channels: Vec<String>,
    /// Shared-cost splits applied to the spend, as in the explorer.
    pub apply_shared_costs: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BudgetStatus {
    OnTrack,
    /// The forecast at period end is over the amount.
    AtRisk,
    /// Actual spend is over the amount.
    Over,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ThresholdState {
    pub kind: ThresholdKind,
    pub percent: f64,
    /// `YYYY-MM-DD`: the charge day actual spend reached it, or the day the
    /// forecast was first seen over it; `None` while not crossed.
    pub crossed_on: Option<String>,
}

/// A budget and its current period's figures, as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BudgetView {
    pub id: i64,
    pub spec: BudgetSpec,
    /// `YYYY-MM`, `YYYY-Qn` or `YYYY`.
    pub period: String,
    /// First and last day of the period.
    pub period_start: String,
    pub period_end: String,
    /// Figures count lines charged before this day.
    pub as_of: String,
    /// Actual spend to date, in the budget's currency.
    pub actual: String,
    /// The forecast at period end and its 80% interval; `None` when the
    /// history is too short to forecast (see `notes`).
    pub forecast: Option<String>,
    pub forecast_lo80: Option<String>,
    pub forecast_hi80: Option<String>,
    /// Actual as a percentage of the amount, one decimal.
    pub percent_used: f64,
    /// The forecast as a percentage of the amount, one decimal.
    pub forecast_percent: Option<f64>,
    pub status: BudgetStatus,
    pub thresholds: Vec<ThresholdState>,
    /// Spend left out because no rate converts it (never taken as 1).
    pub missing_rates: Vec<MissingRate>,
    /// What the user should know, in the requested language.
    pub notes: Vec<String>,
}

/// One past period of a budget.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BudgetPeriodResult {
    pub period: String,
    pub amount: String,
    pub actual: String,
    pub percent_used: f64,
    pub over: bool,
}

/// A budget with its chart and the history of past periods, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BudgetDetail {
    pub budget: BudgetView,
    pub history: Vec<BudgetPeriodResult>,
    /// Cumulative actual, the forecast with its 80% band, and the budget line.
    pub chart: Option<ChartView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CopyBasis {
    /// Every copy gets the template's amount.
    TemplateAmount,
    /// Each copy gets its value's spend in the last complete period.
    LastPeriodSpend,
}

/// One budget per value of a dimension: the template's definition narrowed
/// to the value, named `<template name> · <value>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BudgetCopyRequest {
    pub template: BudgetSpec,
    /// A dimension name (`tag:team`, `vtag:team`, `service`, ...).
    pub dimension: String,
    pub basis: CopyBasis,
    /// Percent added to the basis (10 for "+10%"; negative to cut).
    pub adjust_percent: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct BudgetCopyItem {
    pub name: String,
    pub value: String,
    pub amount: String,
    /// The spend the amount came from, with `LastPeriodSpend`.
    pub basis_amount: Option<String>,
    /// The period that spend is of.
    pub basis_period: Option<String>,
}
