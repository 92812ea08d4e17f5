//! Reading recommendations back with their status and history.

use std::str::FromStr;

use rusqlite::{OptionalExtension, Row};
use rust_decimal::Decimal;

use super::{RecEvent, RecStatus, RecommendationRecord, StoredRecommendation};
use crate::{Recommendations, StoreError};

const COLUMNS: &str = "id, kind, finding, provider, billing_account, region, resource, currency, monthly_saving, \
     confidence, fingerprint, payload, baseline_monthly, measure, status, status_note, closed_reason, first_seen, \
     last_seen, updated_at, done_at, realised_saving, realised_days, realised_complete";

fn decimal(column: &'static str, text: String) -> Result<Decimal, StoreError> {
    Decimal::from_str(&text).map_err(|_| StoreError::AmountOutOfRange {
        column,
        value: text,
    })
}

struct Raw {
    record: RecommendationRecord,
    saving: String,
    baseline: String,
    status: String,
    status_note: Option<String>,
    closed_reason: Option<String>,
    first_seen: i64,
    last_seen: i64,
    updated_at: i64,
    done_at: Option<i64>,
    realised: Option<String>,
    realised_days: Option<u32>,
    realised_complete: bool,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<Raw> {
    Ok(Raw {
        record: RecommendationRecord {
            id: r.get(0)?,
            kind: r.get(1)?,
            finding: r.get(2)?,
            provider: r.get(3)?,
            billing_account: r.get(4)?,
            region: r.get(5)?,
            resource: r.get(6)?,
            currency: r.get(7)?,
            monthly_saving: Decimal::ZERO,
            confidence: r.get(9)?,
            fingerprint: r.get(10)?,
            payload: r.get(11)?,
            baseline_monthly: Decimal::ZERO,
            measure: r.get(13)?,
        },
        saving: r.get(8)?,
        baseline: r.get(12)?,
        status: r.get(14)?,
        status_note: r.get(15)?,
        closed_reason: r.get(16)?,
        first_seen: r.get(17)?,
        last_seen: r.get(18)?,
        updated_at: r.get(19)?,
        done_at: r.get(20)?,
        realised: r.get(21)?,
        realised_days: r.get(22)?,
        realised_complete: r.get(23)?,
    })
}

fn stored(raw: Raw) -> Result<StoredRecommendation, StoreError> {
    let mut record = raw.record;
    record.monthly_saving = decimal("monthly_saving", raw.saving)?;
    record.baseline_monthly = decimal("baseline_monthly", raw.baseline)?;
    let status = RecStatus::parse(&raw.status).ok_or_else(|| {
        let why = format!(
            "recommendation {} has an unknown status {:?}",
            record.id, raw.status
        );
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            14,
            rusqlite::types::Type::Text,
            why.into(),
        ))
    })?;
    Ok(StoredRecommendation {
        record,
        status,
        status_note: raw.status_note,
        closed_reason: raw.closed_reason,
        first_seen: raw.first_seen,
        last_seen: raw.last_seen,
        updated_at: raw.updated_at,
        done_at: raw.done_at,
        realised_saving: raw
            .realised
            .map(|s| decimal("realised_saving", s))
            .transpose()?,
        realised_days: raw.realised_days,
        realised_complete: raw.realised_complete,
    })
}

impl Recommendations<'_> {
    /// Every recommendation kept, in id order.
    pub fn all(&self) -> Result<Vec<StoredRecommendation>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM recommendation ORDER BY id"))?;
        let rows = stmt.query_map([], raw)?;
        let mut out = Vec::new();
        for r in rows {
            out.push(stored(r?)?);
        }
        Ok(out)
    }

    pub fn get(&self, id: &str) -> Result<Option<StoredRecommendation>, StoreError> {
        let r = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM recommendation WHERE id = ?1"),
                [id],
                raw,
            )
            .optional()?;
        r.map(stored).transpose()
    }

    /// A recommendation's history, oldest first.
    pub fn history(&self, id: &str) -> Result<Vec<RecEvent>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT at, who, from_status, to_status, note FROM recommendation_event \
             WHERE recommendation = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(RecEvent {
                at: r.get(0)?,
                who: r.get(1)?,
                from: r.get(2)?,
                to: r.get(3)?,
                note: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
