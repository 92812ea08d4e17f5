//! View models of the Overview. Like every view model they are separate from
//! the stored structs, so storage and UI change independently; amounts are
//! exact decimal strings.

use crate::{ChartView, MissingRate};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CostMetric {
    /// Cash basis, what the invoice shows.
    Billed,
    /// Amortized: prepaid purchases spread over the usage they cover.
    Effective,
}

/// The time zone days and months are counted in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DayZoneView {
    /// IANA name (`UTC`, `Asia/Shanghai`).
    pub zone: String,
    /// Lines of providers that bill in their own zone (the Chinese clouds,
    /// UTC+8) count on the provider's days, so months equal their bills.
    pub provider_zones: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DayZoneChoice {
    pub current: DayZoneView,
    /// Every zone the picker offers.
    pub zones: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ProviderSpend {
    pub provider: String,
    pub month_to_date: String,
    pub last_month: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RankedRow {
    /// Stable identifier (service name or billing account id).
    pub key: String,
    pub label: String,
    pub provider: String,
    pub amount: String,
    /// Share of the currency's total over the same window, in percent, two decimals.
    pub share_pct: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CurrencyOverview {
    pub currency: String,
    pub month_to_date: String,
    pub last_month: String,
    /// Last month from its first day up to the same day of month as `as_of`.
    pub same_period_last_month: String,
    /// Month to date against the same period last month, in percent, two
    /// decimals; absent when last month had no spend.
    pub change_pct: Option<String>,
    pub by_provider: Vec<ProviderSpend>,
    pub provider_chart: ChartView,
    /// Daily cost over the last 90 days, stacked by the top services.
    pub daily_chart: ChartView,
    /// Over the 30 days ending at `as_of`.
    pub top_services: Vec<RankedRow>,
    pub top_accounts: Vec<RankedRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OverviewView {
    pub metric: CostMetric,
    /// The last day with data (YYYY-MM-DD); windows are anchored here, not on
    /// the wall clock, so an old bill still shows a useful overview.
    pub as_of: Option<String>,
    /// First day of the month of `as_of`.
    pub month_start: Option<String>,
    /// One entry per billing currency, largest month-to-date first (amounts
    /// in different currencies are never added together); or, in a display
    /// currency, exactly one entry with every day converted at its rate.
    pub currencies: Vec<CurrencyOverview>,
    /// Present when converted into a display currency.
    pub conversion: Option<OverviewConversion>,
}

/// How a converted Overview was converted: from which billing currencies,
/// with rates dated up to when, and what no rate covered (left out of every
/// amount, never taken at 1).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct OverviewConversion {
    pub currency: String,
    pub billing_currencies: Vec<String>,
    /// The latest rate date among the currencies read (`YYYY-MM-DD`), the
    /// rate table of Settings › Currency being the source.
    pub rates_through: Option<String>,
    pub missing_rates: Vec<MissingRate>,
}
