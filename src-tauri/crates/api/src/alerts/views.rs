//! View models of alert channels, the alert history and the background
//! settings. A channel's URL and secret go in once (`AddChannelRequest`)
//! and never come back out: views show the host only.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum AlertChannelKind {
    /// A desktop notification on this machine.
    Desktop,
    /// A DingTalk custom robot (signed with a secret, or a keyword).
    Dingtalk,
    /// A WeCom group robot (the URL is its credential).
    Wecom,
    /// A Feishu custom bot (signed with a secret, or a keyword).
    Feishu,
    /// A Slack incoming webhook (the URL is its credential).
    Slack,
    /// Any JSON endpoint, signed with HMAC-SHA256.
    Webhook,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AddChannelRequest {
    pub name: String,
    pub kind: AlertChannelKind,
    /// The language the channel's messages are written in.
    pub language: Locale,
    /// The webhook URL (it carries the robot's token: a secret).
    pub url: Option<String>,
    /// The signing secret, where the platform signs.
    pub secret: Option<String>,
}

/// A channel as listed: never its URL or secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ChannelView {
    pub name: String,
    pub kind: AlertChannelKind,
    pub language: Locale,
    /// The webhook's host (not secret: the token is in the path or query).
    pub host: Option<String>,
    pub signed: bool,
    /// False when the keychain lost the URL (the channel cannot send).
    pub ready: bool,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ChannelTestView {
    pub sent: bool,
    /// Why it was not sent (the platform's own words, never the URL).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Sent,
    /// Waiting (or being sent); retried with backoff.
    Queued,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct DeliveryView {
    pub channel: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AlertView {
    pub id: i64,
    /// `budget`, `anomaly` or `data`.
    pub source: String,
    /// `info`, `warning` or `critical`.
    pub severity: String,
    /// The alert's title in the requested language.
    pub subject: String,
    pub summary: String,
    /// RFC 3339, UTC.
    pub created: String,
    /// The page that shows what the alert is about (`budgets`,
    /// `connections`, `overview`, `anomalies`) and the item in it.
    pub open_view: String,
    pub open_item: Option<String>,
    pub deliveries: Vec<DeliveryView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AlertHistoryView {
    pub alerts: Vec<AlertView>,
}

/// What one evaluation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct EvaluationView {
    pub as_of: String,
    /// New alerts.
    pub raised: u32,
    /// Alerts proposed again and already raised before.
    pub known: u32,
    pub sent: u32,
    pub failed: u32,
    /// Deliveries still waiting (offline, rate limited, backing off).
    pub waiting: u32,
    /// Channels a budget names that do not exist.
    pub missing_channels: Vec<String>,
}

/// How alerts run in the background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AlertSettings {
    /// Data older than this many days raises a data-health alert (1–90).
    pub stale_after_days: u32,
    /// Evaluate every N minutes while the app runs (5–1440; 0: only after
    /// imports, syncs and budget changes).
    pub evaluate_every_minutes: u32,
    /// Closing the window leaves CloudLens in the system tray, so scheduled
    /// sync and alerts go on.
    pub keep_in_tray: bool,
    /// The channels data-health alerts go to; `None`: every channel.
    #[serde(default)]
    pub data_health_channels: Option<Vec<String>>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        Self {
            stale_after_days: 3,
            evaluate_every_minutes: 60,
            keep_in_tray: false,
            data_health_channels: None,
        }
    }
}

/// Whether a system tray would show CloudLens's icon on this desktop (on
/// Linux: a StatusNotifier host is registered). Without one, closing the
/// window minimises it instead of hiding it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct TrayStatusView {
    pub available: bool,
}
