//! View models sent to the UI. They are separate from the stored structs so
//! storage and UI can change independently. Amounts are exact decimal strings.

use cloudlens_charts::ChartView;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CostMetric {
    /// Cash basis, what the invoice shows.
    Billed,
    /// Amortized: prepaid purchases spread over the usage they cover.
    Effective,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StoreState {
    /// The store is being opened (the keychain may be asking the user).
    Opening,
    /// No keychain is available and the store needs a passphrase.
    NeedsPassphrase,
    /// The demo dataset is being generated into the empty store.
    LoadingDemo,
    /// Bill files are being imported; progress counts bytes.
    Importing,
    Ready,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StoreStatus {
    pub state: StoreState,
    /// Cost lines in the store.
    pub lines: u64,
    /// True while the store holds the generated demo dataset.
    pub demo: bool,
    pub progress: Option<Progress>,
    pub error: Option<ApiError>,
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
    /// One entry per billing currency, largest month-to-date first. Amounts in
    /// different currencies are never added together.
    pub currencies: Vec<CurrencyOverview>,
}
