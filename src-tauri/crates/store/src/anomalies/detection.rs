//! A detection run's results, written in one transaction: anomalies
//! inserted or updated (status kept), anomalies withdrawn, the day ranges
//! decided per monitor (merged), and the run's own record. Also what the
//! next run needs to know: the last run and the day span of every import.

use rusqlite::{params, OptionalExtension};

use super::records::AnomalyRecord;
use super::status::{append_status, set_status_in, FeedbackRecord};
use super::{Anomalies, AnomaliesMut};
use crate::StoreError;

/// Days decided by a monitor, `YYYY-MM-DD` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecidedRange {
    pub monitor_id: i64,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetectionRecord {
    pub id: i64,
    pub at: i64,
    pub from: Option<String>,
    pub to: Option<String>,
    pub generation: i64,
    /// The caller's JSON of the runs seen.
    pub runs: String,
    pub monitors: i64,
    pub found: i64,
    pub millis: i64,
    /// The caller's JSON of what the run could not do (series it left
    /// unjudged for want of an exchange rate).
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetectionWrite {
    pub at: i64,
    pub from: Option<String>,
    pub to: Option<String>,
    pub generation: i64,
    pub runs: String,
    pub monitors: i64,
    pub millis: i64,
    pub notes: String,
    /// Inserted, or updated keeping their status and first sighting.
    pub anomalies: Vec<AnomalyRecord>,
    /// (id, reason) of anomalies the detector no longer finds.
    pub withdrawn: Vec<(String, String)>,
    pub decided: Vec<DecidedRange>,
    /// Status changes (with feedback) that belong with these results.
    pub status: Vec<StatusWrite>,
    /// Monitors re-judged after an edit: (id, the `rejudge` count seen);
    /// the mark is cleared unless it was edited again meanwhile.
    pub rejudged: Vec<(i64, i64)>,
    /// Record this as a detection run (`false` for a re-decision after
    /// feedback, which must not mark the imports as seen).
    pub record_run: bool,
}

/// One status change, with the feedback that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusWrite {
    pub anomaly_id: String,
    pub status: String,
    pub actor: String,
    pub at: i64,
    pub note: Option<String>,
    pub feedback: Option<FeedbackRecord>,
}

/// The day after a `YYYY-MM-DD` date (the text itself when unreadable).
fn next_day(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.succ_opt())
        .map_or_else(|| d.to_string(), |d| d.to_string())
}

/// Overlapping and adjacent ranges become one (dates as `YYYY-MM-DD`
/// compare like dates).
fn merge(mut ranges: Vec<(String, String)>) -> Vec<(String, String)> {
    ranges.sort();
    let mut out: Vec<(String, String)> = Vec::new();
    for (from, to) in ranges {
        match out.last_mut() {
            Some(last) if from <= next_day(&last.1) => {
                if to > last.1 {
                    last.1 = to;
                }
            }
            _ => out.push((from, to)),
        }
    }
    out
}

impl AnomaliesMut<'_> {
    pub fn save_detection(&mut self, w: &DetectionWrite) -> Result<i64, StoreError> {
        let tx = self.conn.savepoint()?;
        for a in &w.anomalies {
            let existed: bool = tx
                .query_row("SELECT 1 FROM anomaly WHERE id = ?1", [&a.id], |_| Ok(true))
                .optional()?
                .unwrap_or(false);
            tx.execute(
                "INSERT INTO anomaly (id, monitor_id, groups, currency, kind, start_day, end_day, \
                 detected_on, expected, actual, impact, percent, severity, score, ongoing, status, \
                 days, root_cause, threshold, restated, rejudged, withdrawn, first_seen_at, \
                 updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20, ?21, NULL, ?22, ?22) \
                 ON CONFLICT (id) DO UPDATE SET end_day = excluded.end_day, \
                 detected_on = excluded.detected_on, expected = excluded.expected, \
                 actual = excluded.actual, impact = excluded.impact, percent = excluded.percent, \
                 severity = excluded.severity, score = excluded.score, ongoing = excluded.ongoing, \
                 days = excluded.days, root_cause = excluded.root_cause, \
                 threshold = excluded.threshold, \
                 restated = anomaly.restated OR excluded.restated, \
                 rejudged = anomaly.rejudged OR excluded.rejudged, withdrawn = NULL, \
                 updated_at = excluded.updated_at",
                params![
                    a.id,
                    a.monitor_id,
                    a.groups,
                    a.currency,
                    a.kind,
                    a.start,
                    a.end,
                    a.detected_on,
                    a.expected,
                    a.actual,
                    a.impact,
                    a.percent,
                    a.severity,
                    a.score,
                    a.ongoing,
                    a.status,
                    a.days,
                    a.root_cause,
                    a.threshold,
                    a.restated,
                    a.rejudged,
                    w.at
                ],
            )?;
            if !existed {
                append_status(&tx, &a.id, &a.status, "detector", w.at, None)?;
            }
        }
        for (id, reason) in &w.withdrawn {
            tx.execute(
                "UPDATE anomaly SET withdrawn = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, reason, w.at],
            )?;
        }
        for c in &w.status {
            set_status_in(&tx, c)?;
        }
        for (id, seen) in &w.rejudged {
            tx.execute(
                "UPDATE anomaly_monitor SET rejudge = 0 WHERE id = ?1 AND rejudge = ?2",
                params![id, seen],
            )?;
        }
        let mut monitors: Vec<i64> = w.decided.iter().map(|d| d.monitor_id).collect();
        monitors.sort_unstable();
        monitors.dedup();
        for m in monitors {
            let mut ranges = decided_in(&tx, m)?;
            ranges.extend(
                w.decided
                    .iter()
                    .filter(|d| d.monitor_id == m)
                    .map(|d| (d.from.clone(), d.to.clone())),
            );
            tx.execute("DELETE FROM anomaly_decided WHERE monitor_id = ?1", [m])?;
            for (from, to) in merge(ranges) {
                tx.execute(
                    "INSERT INTO anomaly_decided (monitor_id, from_day, to_day) VALUES (?1, ?2, ?3)",
                    params![m, from, to],
                )?;
            }
        }
        if !w.record_run {
            tx.commit()?;
            return Ok(0);
        }
        tx.execute(
            "INSERT INTO anomaly_detection (at, from_day, to_day, generation, runs, monitors, found, \
             millis, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                w.at,
                w.from,
                w.to,
                w.generation,
                w.runs,
                w.monitors,
                w.anomalies.len() as i64,
                w.millis,
                if w.notes.is_empty() { "[]" } else { w.notes.as_str() }
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Only the latest run's list of runs is ever read.
        tx.execute(
            "UPDATE anomaly_detection SET runs = '[]' WHERE id < ?1",
            [id],
        )?;
        tx.commit()?;
        Ok(id)
    }
}

impl Anomalies<'_> {
    /// The day ranges a monitor has decided, in order.
    pub fn decided(&self, monitor_id: i64) -> Result<Vec<(String, String)>, StoreError> {
        decided_in(self.conn, monitor_id)
    }

    pub fn last_detection(&self) -> Result<Option<DetectionRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, at, from_day, to_day, generation, runs, monitors, found, millis, \
                 notes FROM anomaly_detection ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(DetectionRecord {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        from: r.get(2)?,
                        to: r.get(3)?,
                        generation: r.get(4)?,
                        runs: r.get(5)?,
                        monitors: r.get(6)?,
                        found: r.get(7)?,
                        millis: r.get(8)?,
                        notes: r.get(9)?,
                    })
                },
            )
            .optional()?)
    }
}

fn decided_in(
    conn: &rusqlite::Connection,
    monitor_id: i64,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT from_day, to_day FROM anomaly_decided WHERE monitor_id = ?1 ORDER BY from_day",
    )?;
    let rows = stmt.query_map([monitor_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
