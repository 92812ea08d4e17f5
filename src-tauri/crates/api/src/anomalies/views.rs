//! View models of anomaly detection: monitors, anomalies with their root
//! cause and days, the detail panel (chart, status history, what feedback
//! taught the detector) and detection runs. Money is exact decimal text,
//! rounded once to the currency's minor unit.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ApiError, ChartView, ConvertedTotal, CurrencyAmount, DimensionFilter, ExploreMetric};

/// What a monitor watches: an explorer group-by (zero, one or two
/// dimensions; each group is its own series) and filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MonitorScope {
    pub group_by: Vec<String>,
    pub filters: Vec<DimensionFilter>,
}

/// Which of a monitor's anomalies alert, and on which channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MonitorAlerts {
    /// Alert channel names; empty: the monitor does not alert.
    pub channels: Vec<String>,
    pub min_severity: AnomalySeverity,
    /// Smallest absolute impact (in the anomaly's currency) that alerts;
    /// `None`: any.
    pub min_impact: Option<String>,
}

impl Default for MonitorAlerts {
    fn default() -> Self {
        MonitorAlerts {
            channels: Vec::new(),
            min_severity: AnomalySeverity::High,
            min_impact: None,
        }
    }
}

/// A monitor as the user edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MonitorInput {
    pub name: String,
    pub scope: MonitorScope,
    /// billed, effective (amortized), list or contracted cost.
    pub metric: ExploreMetric,
    /// An anomaly is reported once its impact averages this amount per day…
    pub min_impact: String,
    /// …in this currency (converted into each series' currency at the rate
    /// of each day)…
    pub impact_currency: String,
    /// …and this percentage of the expected spend.
    pub min_percent: f64,
    pub falls: bool,
    pub new_spend: bool,
    pub muted: bool,
    pub alerts: MonitorAlerts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MonitorView {
    pub id: i64,
    pub monitor: MonitorInput,
    /// Created by the app's defaults.
    pub builtin: bool,
    /// Its settings changed since its days were decided: the next detection
    /// judges them all again.
    pub rejudging: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    Rise,
    Fall,
    New,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnomalySeverity {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyStatus {
    Open,
    Acknowledged,
    Expected,
    NotAnomaly,
    Resolved,
}

/// One value that moved, and how much of the anomaly it explains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RootCauseView {
    pub dimension: String,
    pub value: Option<String>,
    /// Actual minus expected over the anomaly's days.
    pub impact: String,
    /// Of the anomaly's impact (1.0 = all of it).
    pub share: f64,
    /// Of the scope's expected spend on those days: a value that carries
    /// much more of the rise than of the normal spend is where it comes from.
    pub normal_share: f64,
    /// The value had no spend before the anomaly.
    pub new: bool,
    /// The explorer view of the anomaly's scope grouped by this dimension.
    pub explore_link: String,
    /// The resource id, when the dimension is `resource` (for its drill-down).
    pub resource: Option<String>,
}

/// One day around an anomaly (the two weeks before it and its own days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AnomalyDayView {
    pub date: String,
    pub actual: String,
    pub expected: Option<String>,
    /// The range outside which a day opens an anomaly.
    pub lower: Option<String>,
    pub upper: Option<String>,
    pub anomalous: bool,
}

/// The money threshold an anomaly was judged against, in its currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ThresholdView {
    /// Per day, in the anomaly's currency, on the day it was detected.
    pub amount: String,
    pub currency: String,
    /// As the monitor sets it.
    pub monitor_amount: String,
    pub monitor_currency: String,
    /// `monitor_currency` → `currency` on the day detected (`None` when the
    /// currencies are the same).
    pub rate: Option<String>,
    /// No rate was known on or before that day: the earliest later one was used.
    pub rate_missing: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AnomalyView {
    pub id: String,
    pub monitor: String,
    pub monitor_id: i64,
    /// The scope group: group-by dimension → value (`None` = untagged / none).
    pub groups: BTreeMap<String, Option<String>>,
    pub providers: Vec<String>,
    pub currency: String,
    pub kind: AnomalyKind,
    pub start: String,
    pub end: String,
    /// The first day whose data made it an anomaly.
    pub detected_on: String,
    pub expected: String,
    pub actual: String,
    /// actual − expected over its days.
    pub impact: String,
    pub percent: f64,
    pub severity: AnomalySeverity,
    pub score: f64,
    pub status: AnomalyStatus,
    /// Still going on the last day with data.
    pub ongoing: bool,
    /// Its own days' lines were restated after it was first reported.
    pub restated: bool,
    /// Found or changed when its monitor's settings were edited.
    pub rejudged: bool,
    /// Why the detector no longer finds it (`restated`, `feedback`,
    /// `monitor_edited`), if so.
    pub withdrawn: Option<String>,
    pub threshold: ThresholdView,
    pub root_cause: Vec<RootCauseView>,
    pub days: Vec<AnomalyDayView>,
    /// The explorer view of the scope group over the anomaly and before it.
    pub explore_link: String,
}

/// Empty lists mean "any"; the default lists everything but withdrawn anomalies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AnomalyListQuery {
    /// Monitor names; empty = all.
    pub monitors: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub statuses: Vec<AnomalyStatus>,
    pub severities: Vec<AnomalySeverity>,
    pub providers: Vec<String>,
    pub include_withdrawn: bool,
    /// Also total the open impact in this currency, each anomaly at its
    /// last day's rate.
    #[serde(default)]
    pub display_currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AnomalyList {
    pub anomalies: Vec<AnomalyView>,
    /// Impact of the listed open anomalies, per currency.
    pub open_impact: Vec<CurrencyAmount>,
    /// The same impact in the display currency asked for.
    pub open_impact_converted: Option<ConvertedTotal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatusChangeView {
    pub status: AnomalyStatus,
    pub actor: String,
    /// RFC 3339.
    pub at: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LearnedKind {
    /// The spend from `from` on is the baseline.
    AcceptLevel,
    /// A charge on `day_of_month` (for `days` days) of each month is expected.
    Monthly,
    /// Rises up to `percent` no longer alarm.
    Tolerance,
}

/// What feedback taught the detector about the anomaly's scope group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LearnedView {
    pub kind: LearnedKind,
    pub from: String,
    pub day_of_month: Option<u32>,
    pub days: Option<u32>,
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FeedbackView {
    pub verdict: AnomalyStatus,
    pub learned: LearnedView,
    /// Later anomalies of the same group the detector no longer reports.
    pub withdrawn: Vec<String>,
    pub actor: String,
    pub at: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct AnomalyDetail {
    pub anomaly: AnomalyView,
    /// Actual, expected band and the anomaly marked, over its context.
    pub chart: ChartView,
    pub history: Vec<StatusChangeView>,
    pub feedback: Option<FeedbackView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackAction {
    Expected,
    NotAnomaly,
    Acknowledge,
    Resolve,
}

/// What one detection run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DetectionSummary {
    /// The days judged (first and last), none when nothing was due.
    pub from: Option<String>,
    pub to: Option<String>,
    pub monitors: u32,
    pub series: u32,
    pub found: u32,
    pub updated: u32,
    pub withdrawn: u32,
    pub millis: u32,
    /// Of `millis`, reading the lines into the explorer's in-memory snapshot
    /// (zero when the app had it loaded already).
    pub load_millis: u32,
    /// Monitors whose days were judged again because their settings changed.
    pub rejudged_monitors: Vec<String>,
    /// Series not judged: no exchange rate converts the monitor's threshold
    /// into their currency.
    pub missing_rates: Vec<ThresholdRateGap>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ThresholdRateGap {
    pub monitor: String,
    pub from: String,
    pub to: String,
    /// Series of the monitor in `to` left unjudged.
    pub series: u32,
}

/// The background detection, for the Anomalies page and the Overview.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct DetectionStatus {
    pub running: bool,
    /// The last run that finished, and when (RFC 3339).
    pub last: Option<DetectionSummary>,
    pub last_at: Option<String>,
    /// The last run's failure, if it failed.
    pub error: Option<ApiError>,
}

/// Pushed to the UI as detection starts and ends.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DetectionEvent {
    Started,
    Finished {
        summary: DetectionSummary,
    },
    /// An import or the demo load held the store; the run follows it.
    Postponed,
    Failed {
        error: ApiError,
    },
}

/// For the Overview: open anomalies of the last 30 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct AnomalyOverview {
    pub open: u32,
    pub impact: Vec<CurrencyAmount>,
    /// The impact in the display currency asked for.
    pub impact_converted: Option<ConvertedTotal>,
    /// The largest few, by impact.
    pub top: Vec<AnomalyView>,
}
