//! The alert history as shown by `cloudlens alerts history` (and later the
//! app): each alert with its subject in the reader's language and each
//! delivery's status (`queued` covers a send in progress).

use chrono::DateTime;
use cloudlens_store::Store;
use serde::Serialize;

use crate::{message, Alert, AlertError, Language};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryView {
    pub channel: String,
    /// `sent`, `queued` or `failed`.
    pub status: String,
    pub attempts: u32,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlertView {
    pub id: i64,
    /// `budget`, `anomaly` or `data`.
    pub source: String,
    pub subject: String,
    /// RFC 3339, UTC.
    pub created: String,
    pub deliveries: Vec<DeliveryView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryView {
    pub alerts: Vec<AlertView>,
}

pub fn history(store: &Store, language: Language, limit: u32) -> Result<HistoryView, AlertError> {
    let alerts = store
        .alert_history(limit)?
        .into_iter()
        .map(|a| {
            let subject = match Alert::from_json(&a.payload) {
                Ok(alert) => message::render(&alert, language).title,
                Err(_) => a.dedup_key.clone(),
            };
            AlertView {
                id: a.id,
                source: a.source,
                subject,
                created: DateTime::from_timestamp(a.created_at, 0)
                    .map(|d| d.to_rfc3339())
                    .unwrap_or_default(),
                deliveries: a
                    .deliveries
                    .into_iter()
                    .map(|d| DeliveryView {
                        channel: d.channel,
                        status: match d.state.as_str() {
                            "sent" => "sent",
                            "failed" => "failed",
                            _ => "queued",
                        }
                        .to_string(),
                        attempts: d.attempts,
                        last_error: d.last_error,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(HistoryView { alerts })
}
