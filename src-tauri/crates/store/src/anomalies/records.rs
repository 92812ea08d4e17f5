//! Anomaly rows and the list query.

use rusqlite::{params_from_iter, OptionalExtension, Row};

use super::Anomalies;
use crate::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub struct AnomalyRecord {
    /// Stable: the same monitor, group, currency, kind and first day give
    /// the same id on every run.
    pub id: String,
    pub monitor_id: i64,
    /// JSON object dimension → value or null.
    pub groups: String,
    pub currency: String,
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub start: String,
    pub end: String,
    pub detected_on: String,
    /// Exact decimal text, rounded once to the currency's minor unit.
    pub expected: String,
    pub actual: String,
    pub impact: String,
    pub percent: f64,
    pub severity: String,
    pub score: f64,
    pub ongoing: bool,
    pub status: String,
    /// JSON per-day detail.
    pub days: String,
    /// JSON ranked contributions.
    pub root_cause: String,
    /// JSON: the money threshold as converted for this anomaly's currency.
    pub threshold: String,
    pub restated: bool,
    /// Found or changed when its monitor's settings changed.
    pub rejudged: bool,
    /// Why the detector no longer finds it (`restated`, `feedback`,
    /// `monitor_edited`).
    pub withdrawn: Option<String>,
    pub first_seen_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnomalyFilter {
    /// Empty: every monitor.
    pub monitor_ids: Vec<i64>,
    /// Anomalies with a day on or after this one (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Anomalies with a day on or before this one.
    pub to: Option<String>,
    /// Empty: every status.
    pub statuses: Vec<String>,
    pub include_withdrawn: bool,
}

pub(crate) const COLUMNS: &str = "id, monitor_id, groups, currency, kind, start_day, end_day, \
    detected_on, expected, actual, impact, percent, severity, score, ongoing, status, days, \
    root_cause, threshold, restated, rejudged, withdrawn, first_seen_at, updated_at";

pub(crate) fn record(r: &Row<'_>) -> rusqlite::Result<AnomalyRecord> {
    Ok(AnomalyRecord {
        id: r.get(0)?,
        monitor_id: r.get(1)?,
        groups: r.get(2)?,
        currency: r.get(3)?,
        kind: r.get(4)?,
        start: r.get(5)?,
        end: r.get(6)?,
        detected_on: r.get(7)?,
        expected: r.get(8)?,
        actual: r.get(9)?,
        impact: r.get(10)?,
        percent: r.get(11)?,
        severity: r.get(12)?,
        score: r.get(13)?,
        ongoing: r.get(14)?,
        status: r.get(15)?,
        days: r.get(16)?,
        root_cause: r.get(17)?,
        threshold: r.get(18)?,
        restated: r.get(19)?,
        rejudged: r.get(20)?,
        withdrawn: r.get(21)?,
        first_seen_at: r.get(22)?,
        updated_at: r.get(23)?,
    })
}

fn placeholders(n: usize, first: usize) -> String {
    (first..first + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Anomalies<'_> {
    /// Anomalies matching `f`, newest first.
    pub fn list(&self, f: &AnomalyFilter) -> Result<Vec<AnomalyRecord>, StoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        if !f.monitor_ids.is_empty() {
            clauses.push(format!(
                "monitor_id IN ({})",
                placeholders(f.monitor_ids.len(), values.len() + 1)
            ));
            values.extend(f.monitor_ids.iter().map(|i| (*i).into()));
        }
        if let Some(from) = &f.from {
            values.push(from.clone().into());
            clauses.push(format!("end_day >= ?{}", values.len()));
        }
        if let Some(to) = &f.to {
            values.push(to.clone().into());
            clauses.push(format!("start_day <= ?{}", values.len()));
        }
        if !f.statuses.is_empty() {
            clauses.push(format!(
                "status IN ({})",
                placeholders(f.statuses.len(), values.len() + 1)
            ));
            values.extend(f.statuses.iter().map(|s| s.clone().into()));
        }
        if !f.include_withdrawn {
            clauses.push("withdrawn IS NULL".into());
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM anomaly {filter} ORDER BY start_day DESC, monitor_id, id"
        ))?;
        let rows = stmt.query_map(params_from_iter(values), record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get(&self, id: &str) -> Result<Option<AnomalyRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM anomaly WHERE id = ?1"),
                [id],
                record,
            )
            .optional()?)
    }
}
