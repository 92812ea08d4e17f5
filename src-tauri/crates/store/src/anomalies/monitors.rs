//! Monitors: a named scope (explorer group-by and filters, as JSON), its
//! metric, thresholds and alert route, muted or not.

use rusqlite::types::ToSql;
use rusqlite::{params_from_iter, OptionalExtension, Row};

use super::{Anomalies, AnomaliesMut};
use crate::StoreError;

#[derive(Debug, Clone, PartialEq)]
pub struct NewMonitor {
    pub name: String,
    /// The caller's JSON of group-by and filters.
    pub scope: String,
    pub metric: String,
    /// Exact decimal text.
    pub min_impact: String,
    pub impact_currency: String,
    pub min_percent: f64,
    pub falls: bool,
    pub new_spend: bool,
    pub muted: bool,
    /// Created by the app's defaults rather than by the user.
    pub builtin: bool,
    /// JSON list of alert channel names.
    pub alert_channels: String,
    pub alert_min_severity: String,
    /// Exact decimal text; `None` alerts whatever the impact.
    pub alert_min_impact: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonitorRecord {
    pub id: i64,
    pub monitor: NewMonitor,
    /// Non-zero while its days wait to be judged again under settings
    /// changed since they were decided (counts the edits).
    pub rejudge: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, name, scope, metric, min_impact, impact_currency, min_percent, falls, \
                       new_spend, muted, builtin, alert_channels, alert_min_severity, \
                       alert_min_impact, rejudge, created_at, updated_at";

/// The settings a user can change, in column order.
fn settings(m: &NewMonitor) -> Vec<&dyn ToSql> {
    vec![
        &m.name,
        &m.scope,
        &m.metric,
        &m.min_impact,
        &m.impact_currency,
        &m.min_percent,
        &m.falls,
        &m.new_spend,
        &m.muted,
        &m.alert_channels,
        &m.alert_min_severity,
        &m.alert_min_impact,
    ]
}

fn record(r: &Row<'_>) -> rusqlite::Result<MonitorRecord> {
    Ok(MonitorRecord {
        id: r.get(0)?,
        monitor: NewMonitor {
            name: r.get(1)?,
            scope: r.get(2)?,
            metric: r.get(3)?,
            min_impact: r.get(4)?,
            impact_currency: r.get(5)?,
            min_percent: r.get(6)?,
            falls: r.get(7)?,
            new_spend: r.get(8)?,
            muted: r.get(9)?,
            builtin: r.get(10)?,
            alert_channels: r.get(11)?,
            alert_min_severity: r.get(12)?,
            alert_min_impact: r.get(13)?,
        },
        rejudge: r.get(14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
    })
}

impl Anomalies<'_> {
    pub fn monitors(&self) -> Result<Vec<MonitorRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM anomaly_monitor ORDER BY id"
        ))?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn monitor(&self, name: &str) -> Result<Option<MonitorRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM anomaly_monitor WHERE name = ?1"),
                [name],
                record,
            )
            .optional()?)
    }
}

impl AnomaliesMut<'_> {
    /// Adds a monitor; `None` when one of that name exists already.
    pub fn add_monitor(
        &mut self,
        m: &NewMonitor,
        at: i64,
    ) -> Result<Option<MonitorRecord>, StoreError> {
        let mut values = settings(m);
        values.extend([&m.builtin as &dyn ToSql, &at]);
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO anomaly_monitor (name, scope, metric, min_impact, impact_currency, \
             min_percent, falls, new_spend, muted, alert_channels, alert_min_severity, \
             alert_min_impact, builtin, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
            params_from_iter(values),
        )?;
        if added == 0 {
            return Ok(None);
        }
        self.read().monitor(&m.name)
    }

    /// Replaces a monitor's settings (its name may change); with `rejudge`,
    /// its decided days are to be judged again. `false` when no monitor has
    /// that id or the new name is taken.
    pub fn update_monitor(
        &mut self,
        id: i64,
        m: &NewMonitor,
        rejudge: bool,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut values = settings(m);
        values.extend([&rejudge as &dyn ToSql, &at, &id]);
        let n = self.conn.execute(
            "UPDATE OR IGNORE anomaly_monitor SET name = ?1, scope = ?2, metric = ?3, \
             min_impact = ?4, impact_currency = ?5, min_percent = ?6, falls = ?7, new_spend = ?8, \
             muted = ?9, alert_channels = ?10, alert_min_severity = ?11, alert_min_impact = ?12, \
             rejudge = rejudge + ?13, updated_at = ?14 WHERE id = ?15",
            params_from_iter(values),
        )?;
        Ok(n > 0)
    }

    /// Removes a monitor with its anomalies, their history and feedback,
    /// in one transaction; `false` when there is no such monitor.
    pub fn remove_monitor(&mut self, name: &str) -> Result<bool, StoreError> {
        let tx = self.conn.savepoint()?;
        let id: Option<i64> = tx
            .query_row(
                "SELECT id FROM anomaly_monitor WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else { return Ok(false) };
        tx.execute(
            "DELETE FROM anomaly_status WHERE anomaly_id IN \
             (SELECT id FROM anomaly WHERE monitor_id = ?1)",
            [id],
        )?;
        for table in ["anomaly", "anomaly_feedback", "anomaly_decided"] {
            tx.execute(&format!("DELETE FROM {table} WHERE monitor_id = ?1"), [id])?;
        }
        tx.execute("DELETE FROM anomaly_monitor WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(true)
    }
}
