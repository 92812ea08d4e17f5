//! Monitors: a named scope (explorer group-by and filters, as JSON), its
//! metric and thresholds, muted or not.

use rusqlite::types::ToSql;
use rusqlite::{params_from_iter, OptionalExtension, Row};

use crate::{Store, StoreError};

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
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonitorRecord {
    pub id: i64,
    pub monitor: NewMonitor,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, name, scope, metric, min_impact, impact_currency, min_percent, falls, \
                       new_spend, muted, builtin, created_at, updated_at";

/// The settings a user can change, in column order from `name` to `muted`.
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
        },
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

impl Store {
    pub fn anomaly_monitors(&self) -> Result<Vec<MonitorRecord>, StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM anomaly_monitor ORDER BY id"
        ))?;
        let rows = stmt.query_map([], record)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn anomaly_monitor(&self, name: &str) -> Result<Option<MonitorRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM anomaly_monitor WHERE name = ?1"),
                [name],
                record,
            )
            .optional()?)
    }

    /// Adds a monitor; `None` when one of that name exists already.
    pub fn add_anomaly_monitor(
        &self,
        m: &NewMonitor,
        at: i64,
    ) -> Result<Option<MonitorRecord>, StoreError> {
        let mut values = settings(m);
        values.extend([&m.builtin as &dyn ToSql, &at]);
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO anomaly_monitor (name, scope, metric, min_impact, impact_currency, \
             min_percent, falls, new_spend, muted, builtin, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params_from_iter(values),
        )?;
        if added == 0 {
            return Ok(None);
        }
        self.anomaly_monitor(&m.name)
    }

    /// Replaces a monitor's settings (its name may change); `false` when no
    /// monitor has that id or the new name is taken.
    pub fn update_anomaly_monitor(
        &self,
        id: i64,
        m: &NewMonitor,
        at: i64,
    ) -> Result<bool, StoreError> {
        let mut values = settings(m);
        values.extend([&at as &dyn ToSql, &id]);
        let n = self.conn.execute(
            "UPDATE OR IGNORE anomaly_monitor SET name = ?1, scope = ?2, metric = ?3, min_impact = ?4, \
             impact_currency = ?5, min_percent = ?6, falls = ?7, new_spend = ?8, muted = ?9, \
             updated_at = ?10 WHERE id = ?11",
            params_from_iter(values),
        )?;
        Ok(n > 0)
    }

    /// Removes a monitor with its anomalies, their history and feedback,
    /// in one transaction; `false` when there is no such monitor.
    pub fn remove_anomaly_monitor(&mut self, name: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
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
