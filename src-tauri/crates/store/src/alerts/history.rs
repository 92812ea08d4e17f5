//! Alert history: alerts newest first with each delivery's state, and the
//! attempts behind a delivery.

use std::collections::HashMap;

use rusqlite::params;

use crate::{Alerts, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: i64,
    pub channel: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub state: String,
    pub attempts: u32,
    pub next_at_ms: i64,
    pub last_error: Option<String>,
    pub sent_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRecord {
    pub id: i64,
    pub dedup_key: String,
    pub source: String,
    pub severity: String,
    pub payload: String,
    pub created_at: i64,
    pub deliveries: Vec<DeliveryRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    pub n: u32,
    pub started_ms: i64,
    pub finished_ms: Option<i64>,
    /// `sending`, `sent`, `retry`, `failed` or `interrupted`.
    pub outcome: String,
    pub error: Option<String>,
}

impl Alerts<'_> {
    /// The newest `limit` alerts, each with its deliveries.
    pub fn history(&self, limit: u32) -> Result<Vec<AlertRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, dedup_key, source, severity, payload, created_at FROM alert ORDER BY id DESC LIMIT ?1",
        )?;
        let mut alerts: Vec<AlertRecord> = stmt
            .query_map([limit], |r| {
                Ok(AlertRecord {
                    id: r.get(0)?,
                    dedup_key: r.get(1)?,
                    source: r.get(2)?,
                    severity: r.get(3)?,
                    payload: r.get(4)?,
                    created_at: r.get(5)?,
                    deliveries: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let Some(oldest) = alerts.last().map(|a| a.id) else {
            return Ok(alerts);
        };
        let index: HashMap<i64, usize> =
            alerts.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        let mut stmt = self.conn.prepare(
            "SELECT alert_id, id, channel, state, attempts, next_at_ms, last_error, sent_at_ms \
             FROM alert_delivery WHERE alert_id >= ?1 ORDER BY alert_id, channel",
        )?;
        let rows = stmt.query_map(params![oldest], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                DeliveryRecord {
                    id: r.get(1)?,
                    channel: r.get(2)?,
                    state: r.get(3)?,
                    attempts: r.get(4)?,
                    next_at_ms: r.get(5)?,
                    last_error: r.get(6)?,
                    sent_at_ms: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (alert_id, d) = row?;
            if let Some(&i) = index.get(&alert_id) {
                alerts[i].deliveries.push(d);
            }
        }
        Ok(alerts)
    }

    /// Every attempt of one delivery, in order.
    pub fn delivery_attempts(&self, delivery_id: i64) -> Result<Vec<AttemptRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT n, started_ms, finished_ms, outcome, error FROM alert_attempt WHERE delivery_id = ?1 ORDER BY n",
        )?;
        let rows = stmt.query_map([delivery_id], |r| {
            Ok(AttemptRecord {
                n: r.get(0)?,
                started_ms: r.get(1)?,
                finished_ms: r.get(2)?,
                outcome: r.get(3)?,
                error: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
