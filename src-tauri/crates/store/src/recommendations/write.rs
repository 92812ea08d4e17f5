//! Writing recommendations: a run's results merged in one transaction
//! (new ones opened, known ones updated, ones that no longer apply closed,
//! closed ones found again reopened), status changes by the user, and the
//! realised saving. Every change of status or facts leaves an event.

use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;

use super::{RecStatus, RecommendationError, RecommendationRecord};
use crate::{RecommendationsMut, StoreError};

/// Why a run closed a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// Its resource is in neither the inventory nor the recent bills.
    ResourceGone,
    /// The resource is there but the finding no longer holds.
    NoLongerApplies,
}

impl CloseReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CloseReason::ResourceGone => "resource_gone",
            CloseReason::NoLongerApplies => "no_longer_applies",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshOutcome {
    pub created: u32,
    /// Known and unchanged in substance (savings may move).
    pub updated: u32,
    /// Known, and the facts behind it changed.
    pub changed: u32,
    pub reopened: u32,
    pub closed: u32,
}

pub(crate) const SYSTEM: &str = "system";

/// A run's finding written over what is kept: ?16 says its facts changed,
/// ?17 that it was closed and is found again.
const UPSERT: &str = "INSERT INTO recommendation (id, kind, finding, provider, billing_account, region, resource, \
     currency, monthly_saving, confidence, fingerprint, payload, baseline_monthly, measure, status, first_seen, \
     last_seen, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'open', ?15, ?15, ?15) \
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, finding = excluded.finding, provider = excluded.provider, \
     billing_account = excluded.billing_account, region = excluded.region, resource = excluded.resource, \
     currency = excluded.currency, monthly_saving = excluded.monthly_saving, confidence = excluded.confidence, \
     fingerprint = excluded.fingerprint, payload = excluded.payload, baseline_monthly = excluded.baseline_monthly, \
     measure = excluded.measure, last_seen = excluded.last_seen, \
     updated_at = CASE WHEN ?16 OR ?17 THEN excluded.last_seen ELSE updated_at END, \
     status = CASE WHEN ?17 THEN 'open' ELSE status END, \
     closed_reason = CASE WHEN ?17 THEN NULL ELSE closed_reason END";

fn event(
    tx: &Connection,
    id: &str,
    at: i64,
    who: &str,
    from: Option<&str>,
    to: &str,
    note: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO recommendation_event (recommendation, at, who, from_status, to_status, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, at, who, from, to, note],
    )?;
    Ok(())
}

impl RecommendationsMut<'_> {
    /// Merges one run's recommendations. Open and accepted ones the run did
    /// not find again are closed: `ResourceGone` when their resource is not
    /// in `live` (the inventory and recent bills), else `NoLongerApplies`.
    /// Dismissed and done ones keep their status (the user decided).
    pub fn refresh(
        &mut self,
        at: i64,
        current: &[RecommendationRecord],
        live: &HashSet<String>,
    ) -> Result<RefreshOutcome, StoreError> {
        let tx = self.conn.savepoint()?;
        let mut out = RefreshOutcome::default();
        let mut found = HashSet::new();
        for r in current {
            found.insert(r.id.as_str());
            let known: Option<(String, String)> = tx
                .query_row(
                    "SELECT status, fingerprint FROM recommendation WHERE id = ?1",
                    [&r.id],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let (changed, reopen) = match &known {
                None => (false, false),
                Some((status, fingerprint)) => (
                    *fingerprint != r.fingerprint,
                    status == RecStatus::Closed.as_str(),
                ),
            };
            tx.execute(
                UPSERT,
                params![
                    r.id,
                    r.kind,
                    r.finding,
                    r.provider,
                    r.billing_account,
                    r.region,
                    r.resource,
                    r.currency,
                    r.monthly_saving.to_string(),
                    r.confidence,
                    r.fingerprint,
                    r.payload,
                    r.baseline_monthly.to_string(),
                    r.measure,
                    at,
                    changed,
                    reopen
                ],
            )?;
            let Some((status, _)) = known else {
                event(&tx, &r.id, at, SYSTEM, None, "open", Some("found"))?;
                out.created += 1;
                continue;
            };
            let (to, note) = match (reopen, changed) {
                (true, _) => {
                    out.reopened += 1;
                    ("open", "found again")
                }
                (false, true) => {
                    out.changed += 1;
                    (status.as_str(), "facts changed")
                }
                (false, false) => {
                    out.updated += 1;
                    continue;
                }
            };
            event(&tx, &r.id, at, SYSTEM, Some(&status), to, Some(note))?;
        }
        let stale: Vec<(String, String, Option<String>)> = {
            let mut stmt = tx.prepare(
                "SELECT id, status, resource FROM recommendation WHERE status IN ('open', 'accepted')",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .filter(|(id, _, _)| !found.contains(id.as_str()))
                .collect()
        };
        for (id, status, resource) in stale {
            let reason = match resource {
                Some(r) if !live.contains(&r) => CloseReason::ResourceGone,
                _ => CloseReason::NoLongerApplies,
            };
            tx.execute(
                "UPDATE recommendation SET status = 'closed', closed_reason = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, reason.as_str(), at],
            )?;
            event(
                &tx,
                &id,
                at,
                SYSTEM,
                Some(&status),
                "closed",
                Some(reason.as_str()),
            )?;
            out.closed += 1;
        }
        tx.commit()?;
        Ok(out)
    }

    /// A user's status change. Dismissing needs a reason; closing is the
    /// runs' alone. Leaving "done" forgets the realised saving.
    pub fn set_status(
        &mut self,
        id: &str,
        to: RecStatus,
        note: Option<&str>,
        who: &str,
        at: i64,
    ) -> Result<(), RecommendationError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if to == RecStatus::Closed {
            return Err(RecommendationError::ClosedBySystem);
        }
        if to == RecStatus::Dismissed && note.is_none() {
            return Err(RecommendationError::ReasonRequired);
        }
        let tx = self.conn.savepoint()?;
        let from: String = tx
            .query_row(
                "SELECT status FROM recommendation WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| RecommendationError::NotFound(id.to_string()))?;
        let done = to == RecStatus::Done;
        tx.execute(
            "UPDATE recommendation SET status = ?2, status_note = ?3, updated_at = ?4, closed_reason = NULL, \
             done_at = CASE WHEN ?5 THEN ?4 ELSE NULL END, \
             realised_saving = NULL, realised_days = NULL, realised_complete = 0 WHERE id = ?1",
            params![id, to.as_str(), note, at, done],
        )?;
        event(&tx, id, at, who, Some(&from), to.as_str(), note)?;
        tx.commit()?;
        Ok(())
    }

    /// Records the realised saving measured for a done recommendation.
    pub fn record_realised(
        &mut self,
        id: &str,
        saving: Decimal,
        days: u32,
        complete: bool,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE recommendation SET realised_saving = ?2, realised_days = ?3, realised_complete = ?4 \
             WHERE id = ?1 AND status = 'done'",
            params![id, saving.to_string(), days, complete],
        )?;
        Ok(())
    }
}
