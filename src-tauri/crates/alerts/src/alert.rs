//! What an alert is: where it comes from, what it is about (a typed subject
//! each language renders), its figures, what to open, and the dedup key that
//! makes it fire once.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Budget,
    Anomaly,
    Data,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Budget => "budget",
            Source::Anomaly => "anomaly",
            Source::Data => "data",
        }
    }
}

/// Ordered: `Info < Warning < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

/// What the alert is about. Each source adds its variants; every language
/// renders every variant (`message.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// A sync connection whose last run failed.
    SyncFailing {
        connection: String,
        provider: String,
        /// The connection status word (`credentials_rejected`...).
        status: String,
        /// The provider's or the engine's message, as recorded.
        error: String,
    },
    /// A sync connection whose newest cost data is older than the limit.
    ConnectionStale {
        connection: String,
        provider: String,
    },
    /// The newest cost data in the store is older than the limit.
    StoreStale,
    /// A budget's actual spend, or its forecast at period end, reached a
    /// threshold.
    BudgetThreshold {
        budget: String,
        /// `YYYY-MM`, `YYYY-Qn` or `YYYY`.
        period: String,
        watched: ThresholdKind,
        /// The threshold's percentage of the amount, as decimal text.
        threshold: String,
        amount: Money,
        /// Actual to date, or the forecast at period end.
        value: Money,
        /// `value` as a percentage of `amount`, one decimal.
        percent_used: String,
    },
    /// A detected cost anomaly a monitor alerts on.
    Anomaly {
        monitor: String,
        /// What spent unusually ("service ECS, account 1234").
        scope: String,
        /// `spike`, `drop` or `new_spend`.
        change: String,
        /// `YYYY-MM-DD`.
        start: String,
        end: String,
        expected: Money,
        actual: Money,
        /// Actual less expected.
        impact: Money,
    },
    /// `channel test`: proves the channel works.
    ChannelTest { channel: String },
}

/// Which figure a budget threshold watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdKind {
    Actual,
    Forecast,
}

impl ThresholdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ThresholdKind::Actual => "actual",
            ThresholdKind::Forecast => "forecast",
        }
    }
}

/// An exact amount (decimal text) in a currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: String,
    pub currency: String,
}

/// A figure's label, translated by the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKey {
    Connection,
    Provider,
    Status,
    LastError,
    FailedAt,
    LastSuccess,
    NewestData,
    DaysOld,
    Limit,
    Budget,
    Period,
    Amount,
    Actual,
    Forecast,
    /// The forecast's 80% interval.
    ForecastRange,
    PercentUsed,
    Threshold,
    CrossedOn,
    Monitor,
    Scope,
    Expected,
    Impact,
    Severity,
}

/// A figure's value: exact text (amounts stay decimal strings), a date, a
/// count of days, or a status word the renderer translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FigureValue {
    Text(String),
    Date(String),
    Days(i64),
    /// Unix seconds, shown as a UTC date and time.
    Time(i64),
    /// A connection status word.
    Status(String),
    Never,
    Money(Money),
    /// From one amount to another, in one currency.
    MoneyRange {
        low: Money,
        high: Money,
    },
    /// Decimal text, shown with a percent sign.
    Percent(String),
    /// A severity word, translated.
    Severity(Severity),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub key: FigureKey,
    pub value: FigureValue,
}

/// The place in CloudLens that shows what the alert is about, and the CLI
/// command that does the same on a headless machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenTarget {
    pub view: View,
    /// The item within the view (a connection name, a budget, an anomaly id).
    pub item: Option<String>,
    pub cli: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    Connections,
    Overview,
    Budgets,
    Anomalies,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Connections => "connections",
            View::Overview => "overview",
            View::Budgets => "budgets",
            View::Anomalies => "anomalies",
        }
    }
}

/// Where an alert goes: every channel, or the ones its budget or monitor names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    AllChannels,
    Channels(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub source: Source,
    pub severity: Severity,
    /// Stable across evaluations: `data:sync-failed:<connection>:<last
    /// success>`, `budget:<id>:r<revision>:<period>:<kind>:<percent>`,
    /// `anomaly:<id>`. An alert whose key was seen before is not raised
    /// again.
    pub dedup_key: String,
    pub subject: Subject,
    pub figures: Vec<Figure>,
    pub open: OpenTarget,
    /// Unix seconds.
    pub created: i64,
    pub route: Route,
}

impl Alert {
    pub fn to_json(&self) -> String {
        // An enum-and-string tree always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Alert, serde_json::Error> {
        serde_json::from_str(text)
    }
}
