//! Status changes (kept as a history with who and when) and feedback.

use rusqlite::{params, OptionalExtension};

use super::detection::StatusWrite;
use super::{Anomalies, AnomaliesMut};
use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRecord {
    pub seq: i64,
    pub status: String,
    pub actor: String,
    pub at: i64,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRecord {
    pub id: i64,
    pub anomaly_id: String,
    pub monitor_id: i64,
    pub groups: String,
    pub currency: String,
    pub verdict: String,
    /// JSON of what the detector learned.
    pub learned: String,
    pub actor: String,
    pub at: i64,
    pub note: Option<String>,
}

fn feedback(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedbackRecord> {
    Ok(FeedbackRecord {
        id: r.get(0)?,
        anomaly_id: r.get(1)?,
        monitor_id: r.get(2)?,
        groups: r.get(3)?,
        currency: r.get(4)?,
        verdict: r.get(5)?,
        learned: r.get(6)?,
        actor: r.get(7)?,
        at: r.get(8)?,
        note: r.get(9)?,
    })
}

pub(crate) fn append_status(
    tx: &rusqlite::Connection,
    id: &str,
    status: &str,
    actor: &str,
    at: i64,
    note: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO anomaly_status (anomaly_id, seq, status, actor, at, note) \
         VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM anomaly_status WHERE anomaly_id = ?1), \
         ?2, ?3, ?4, ?5)",
        params![id, status, actor, at, note],
    )?;
    Ok(())
}

pub(crate) fn set_status_in(
    tx: &rusqlite::Connection,
    c: &StatusWrite,
) -> Result<bool, StoreError> {
    let n = tx.execute(
        "UPDATE anomaly SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![c.anomaly_id, c.status, c.at],
    )?;
    if n == 0 {
        return Ok(false);
    }
    append_status(
        tx,
        &c.anomaly_id,
        &c.status,
        &c.actor,
        c.at,
        c.note.as_deref(),
    )?;
    if let Some(f) = &c.feedback {
        tx.execute(
            "INSERT INTO anomaly_feedback (anomaly_id, monitor_id, groups, currency, verdict, \
             learned, actor, at, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                f.anomaly_id,
                f.monitor_id,
                f.groups,
                f.currency,
                f.verdict,
                f.learned,
                f.actor,
                f.at,
                f.note
            ],
        )?;
    }
    Ok(true)
}

impl AnomaliesMut<'_> {
    /// Sets an anomaly's status and records the change (and the feedback
    /// that caused it) in one transaction; `false` when there is no such
    /// anomaly.
    pub fn set_status(&mut self, change: &StatusWrite) -> Result<bool, StoreError> {
        let tx = self.conn.savepoint()?;
        let found = set_status_in(&tx, change)?;
        tx.commit()?;
        Ok(found)
    }
}

impl Anomalies<'_> {
    /// An anomaly's status changes, oldest first.
    pub fn status_history(&self, id: &str) -> Result<Vec<StatusRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, status, actor, at, note FROM anomaly_status WHERE anomaly_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(StatusRecord {
                seq: r.get(0)?,
                status: r.get(1)?,
                actor: r.get(2)?,
                at: r.get(3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Feedback on a monitor's anomalies (every monitor when `None`), oldest first.
    pub fn feedback(&self, monitor_id: Option<i64>) -> Result<Vec<FeedbackRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, anomaly_id, monitor_id, groups, currency, verdict, learned, actor, at, note \
             FROM anomaly_feedback WHERE (?1 IS NULL OR monitor_id = ?1) ORDER BY id",
        )?;
        let rows = stmt.query_map([monitor_id], feedback)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The latest feedback on one anomaly.
    pub fn feedback_of(&self, anomaly_id: &str) -> Result<Option<FeedbackRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, anomaly_id, monitor_id, groups, currency, verdict, learned, actor, at, \
                 note FROM anomaly_feedback WHERE anomaly_id = ?1 ORDER BY id DESC LIMIT 1",
                [anomaly_id],
                feedback,
            )
            .optional()?)
    }
}
