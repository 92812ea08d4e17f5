//! Savings recommendations as the user tracks them: each computed finding
//! kept once under its stable id with a status (open, accepted, dismissed
//! with a reason, done, or closed when it no longer applies) and the history
//! of every change; the realised saving once done. Also the inventory facts
//! the recommendations read (attachment, billing mode, expiry, memory).

mod facts;
mod read;
mod schema;
mod write;

use rust_decimal::Decimal;

use crate::StoreError;

pub use facts::{InventoryExtra, InventoryRecord, UtilisationRecord};
pub(crate) use schema::AREA;
pub use write::{CloseReason, RefreshOutcome};

area_handles!(
    /// Recommendations with their status and history; the inventory facts they read.
    Recommendations,
    RecommendationsMut,
    recommendations,
    recommendations_mut
);

/// Where a recommendation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecStatus {
    Open,
    Accepted,
    /// The user decided against it, with a reason.
    Dismissed,
    /// The user acted on it; its realised saving is measured from the bills.
    Done,
    /// It no longer applies (the resource is gone or changed); set only by a run.
    Closed,
}

impl RecStatus {
    pub const ALL: [RecStatus; 5] = [
        RecStatus::Open,
        RecStatus::Accepted,
        RecStatus::Dismissed,
        RecStatus::Done,
        RecStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecStatus::Open => "open",
            RecStatus::Accepted => "accepted",
            RecStatus::Dismissed => "dismissed",
            RecStatus::Done => "done",
            RecStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RecStatus> {
        RecStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One computed recommendation, as a run hands it to the store.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationRecord {
    pub id: String,
    pub kind: String,
    pub finding: String,
    pub provider: String,
    pub billing_account: String,
    pub region: Option<String>,
    pub resource: Option<String>,
    pub currency: String,
    pub monthly_saving: Decimal,
    pub confidence: f64,
    /// Changes when the facts behind the finding change.
    pub fingerprint: String,
    /// The whole recommendation (actions, evidence) as JSON.
    pub payload: String,
    pub baseline_monthly: Decimal,
    /// What the bills are read for after done, as JSON.
    pub measure: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecommendation {
    pub record: RecommendationRecord,
    pub status: RecStatus,
    /// The reason given with the last status change (a dismissal's reason).
    pub status_note: Option<String>,
    pub closed_reason: Option<String>,
    pub first_seen: i64,
    pub last_seen: i64,
    /// When the finding's facts or status last changed.
    pub updated_at: i64,
    pub done_at: Option<i64>,
    pub realised_saving: Option<Decimal>,
    pub realised_days: Option<u32>,
    pub realised_complete: bool,
}

/// One change in a recommendation's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecEvent {
    pub at: i64,
    /// `system` for runs; the user's name or front end otherwise.
    pub who: String,
    pub from: Option<String>,
    pub to: String,
    pub note: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecommendationError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no recommendation with id {0}")]
    NotFound(String),
    #[error("a recommendation is closed only by a run, when it no longer applies")]
    ClosedBySystem,
    #[error("dismissing a recommendation needs a reason (--note)")]
    ReasonRequired,
}

impl From<rusqlite::Error> for RecommendationError {
    fn from(e: rusqlite::Error) -> Self {
        RecommendationError::Store(StoreError::Sqlite(e))
    }
}
