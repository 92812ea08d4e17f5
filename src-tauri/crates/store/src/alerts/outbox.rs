//! The outbox: an alert is recorded once per dedup key with one delivery
//! per channel, in one transaction; a sender claims one delivery at a time
//! (`queued` → `sending`, with its attempt row) right before it sends, and
//! settles it after (`sent`, `queued` again with a later `next_at_ms`, or
//! `failed`). A conditional update makes the claim exclusive, so two
//! senders (the app and a cron job) never both send one delivery.

use rusqlite::{params, OptionalExtension, Row};

use crate::{Alerts, AlertsMut, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    pub dedup_key: String,
    /// `budget`, `anomaly` or `data`.
    pub source: String,
    pub severity: String,
    /// The alert as JSON (what the channels render).
    pub payload: String,
    pub created_at: i64,
}

/// A delivery waiting in the outbox (or found interrupted), with its alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDelivery {
    pub id: i64,
    pub alert_id: i64,
    pub channel: String,
    pub attempts: u32,
    pub next_at_ms: i64,
    pub dedup_key: String,
    pub payload: String,
    pub created_at: i64,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    Sent,
    /// A transient failure: tried again from `next_at_ms`.
    Retry {
        next_at_ms: i64,
        error: String,
    },
    /// A permanent failure (bad signature, wrong URL): not tried again.
    Failed {
        error: String,
    },
}

const DUE_COLUMNS: &str =
    "d.id, d.alert_id, d.channel, d.attempts, d.next_at_ms, a.dedup_key, a.payload, a.created_at";

fn due(r: &Row<'_>) -> rusqlite::Result<DueDelivery> {
    Ok(DueDelivery {
        id: r.get(0)?,
        alert_id: r.get(1)?,
        channel: r.get(2)?,
        attempts: r.get(3)?,
        next_at_ms: r.get(4)?,
        dedup_key: r.get(5)?,
        payload: r.get(6)?,
        created_at: r.get(7)?,
    })
}

impl AlertsMut<'_> {
    /// Records an alert and queues one delivery per channel, all or nothing.
    /// `None` when an alert with this dedup key exists already (then
    /// nothing is queued again).
    pub fn record(
        &mut self,
        new: &NewAlert,
        channels: &[String],
        now_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let tx = self.conn.savepoint()?;
        let inserted = tx.execute(
            "INSERT INTO alert (dedup_key, source, severity, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (dedup_key) DO NOTHING",
            params![new.dedup_key, new.source, new.severity, new.payload, new.created_at],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO alert_delivery (alert_id, channel, state, next_at_ms) VALUES (?1, ?2, 'queued', ?3) \
                 ON CONFLICT (alert_id, channel) DO NOTHING",
            )?;
            for c in channels {
                insert.execute(params![id, c, now_ms])?;
            }
        }
        tx.commit()?;
        Ok(Some(id))
    }

    /// Claims a queued delivery for one attempt: `sending`, attempts + 1,
    /// and the attempt row, committed before anything is sent. `None` when
    /// it is no longer queued (another sender claimed it, or it settled).
    pub fn begin_attempt(
        &mut self,
        delivery_id: i64,
        now_ms: i64,
    ) -> Result<Option<u32>, StoreError> {
        let tx = self.conn.savepoint()?;
        let claimed = tx.execute(
            "UPDATE alert_delivery SET state = 'sending', attempts = attempts + 1 WHERE id = ?1 AND state = 'queued'",
            [delivery_id],
        )?;
        if claimed == 0 {
            return Ok(None);
        }
        let (n, channel): (u32, String) = tx.query_row(
            "SELECT attempts, channel FROM alert_delivery WHERE id = ?1",
            [delivery_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        tx.execute(
            "INSERT INTO alert_attempt (delivery_id, n, channel, started_ms, outcome) VALUES (?1, ?2, ?3, ?4, 'sending')",
            params![delivery_id, n, channel, now_ms],
        )?;
        tx.commit()?;
        Ok(Some(n))
    }

    /// Settles attempt `n` of a delivery claimed by [`AlertsMut::begin_attempt`].
    /// A delivery no longer in that attempt (settled as interrupted by
    /// another sender) keeps its state; the attempt row still records how
    /// the send ended.
    pub fn finish_attempt(
        &mut self,
        delivery_id: i64,
        n: u32,
        outcome: &AttemptOutcome,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        let (word, error) = match outcome {
            AttemptOutcome::Sent => {
                tx.execute(
                    "UPDATE alert_delivery SET state = 'sent', sent_at_ms = ?2, last_error = NULL \
                     WHERE id = ?1 AND state = 'sending' AND attempts = ?3",
                    params![delivery_id, now_ms, n],
                )?;
                ("sent", None)
            }
            AttemptOutcome::Retry { next_at_ms, error } => {
                tx.execute(
                    "UPDATE alert_delivery SET state = 'queued', next_at_ms = ?2, last_error = ?3 \
                     WHERE id = ?1 AND state = 'sending' AND attempts = ?4",
                    params![delivery_id, next_at_ms, error, n],
                )?;
                ("retry", Some(error))
            }
            AttemptOutcome::Failed { error } => {
                tx.execute(
                    "UPDATE alert_delivery SET state = 'failed', last_error = ?2 \
                     WHERE id = ?1 AND state = 'sending' AND attempts = ?3",
                    params![delivery_id, error, n],
                )?;
                ("failed", Some(error))
            }
        };
        tx.execute(
            "UPDATE alert_attempt SET finished_ms = ?3, outcome = ?4, error = ?5 WHERE delivery_id = ?1 AND n = ?2",
            params![delivery_id, n, now_ms, word, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Settles a delivery found in `sending` (its sender stopped between
    /// claiming and settling, so the platform may or may not have it):
    /// `resend` puts it back in the queue (for channels whose receiver drops
    /// a repeated message id); otherwise it is failed with `error`, never
    /// sent twice. The interrupted attempt is recorded as such.
    pub fn settle_interrupted(
        &mut self,
        delivery_id: i64,
        resend: bool,
        error: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let tx = self.conn.savepoint()?;
        let state = if resend { "queued" } else { "failed" };
        let n = tx.execute(
            "UPDATE alert_delivery SET state = ?2, next_at_ms = ?3, last_error = ?4 WHERE id = ?1 AND state = 'sending'",
            params![delivery_id, state, now_ms, error],
        )?;
        if n > 0 {
            tx.execute(
                "UPDATE alert_attempt SET outcome = 'interrupted', error = ?2 \
                 WHERE delivery_id = ?1 AND outcome = 'sending'",
                params![delivery_id, error],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Fails a queued delivery without an attempt (it waited too long).
    pub fn expire_delivery(&mut self, delivery_id: i64, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE alert_delivery SET state = 'failed', last_error = ?2 WHERE id = ?1 AND state = 'queued'",
            params![delivery_id, error],
        )?;
        Ok(())
    }
}

impl Alerts<'_> {
    /// Whether an alert with this dedup key was ever raised.
    pub fn exists(&self, dedup_key: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM alert WHERE dedup_key = ?1",
                [dedup_key],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Deliveries waiting (due or not), soonest first.
    pub fn queued_deliveries(&self) -> Result<Vec<DueDelivery>, StoreError> {
        self.deliveries_in("queued", 0)
    }

    /// Deliveries left in `sending` by a sender that stopped mid-send: the
    /// attempt started before `started_before_ms` (a live send, in this or
    /// another process, finishes well within that).
    pub fn interrupted_deliveries(
        &self,
        started_before_ms: i64,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        self.deliveries_in("sending", started_before_ms)
    }

    fn deliveries_in(
        &self,
        state: &str,
        started_before_ms: i64,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DUE_COLUMNS} FROM alert_delivery d JOIN alert a ON a.id = d.alert_id \
             WHERE d.state = ?1 AND (?2 IS NULL OR EXISTS (SELECT 1 FROM alert_attempt t \
               WHERE t.delivery_id = d.id AND t.n = d.attempts AND t.started_ms < ?2)) \
             ORDER BY d.next_at_ms, d.id"
        ))?;
        let rows = stmt.query_map(
            params![state, (state == "sending").then_some(started_before_ms)],
            due,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Start times of the attempts on a channel since `since_ms`, oldest
    /// first: the sender's rate limiter reads them, so limits hold across
    /// processes (the app and a cron job share the store).
    pub fn channel_attempt_times(
        &self,
        channel: &str,
        since_ms: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT started_ms FROM alert_attempt WHERE channel = ?1 AND started_ms > ?2 ORDER BY started_ms",
        )?;
        let rows = stmt.query_map(params![channel, since_ms], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
