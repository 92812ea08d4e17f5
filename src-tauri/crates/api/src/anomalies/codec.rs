//! The JSON kept in the store's anomaly rows (scope, groups, days, root
//! cause, learned rules) and the conversions between stored text, the
//! detector's types and the views.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cloudlens_anomaly as detector;
use serde::{Deserialize, Serialize};

use super::views::{
    AnomalyKind, AnomalySeverity, AnomalyStatus, LearnedKind, LearnedView, MonitorScope,
};
use crate::{ApiError, ErrorCode};

pub(crate) type Groups = BTreeMap<String, Option<String>>;

/// A root-cause row as stored (links are made when it is shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredCause {
    pub dimension: String,
    pub value: Option<String>,
    pub impact: String,
    pub share: f64,
    pub normal_share: f64,
    pub new: bool,
}

/// What a feedback row keeps: the rule learned and what it withdrew.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredFeedback {
    pub learned: LearnedView,
    pub withdrawn: Vec<String>,
}

pub(crate) fn unreadable(what: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Storage,
        format!("a stored {what} is unreadable: {e}"),
    )
}

pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    s: &str,
) -> Result<T, ApiError> {
    serde_json::from_str(s).map_err(|e| unreadable(what, e))
}

pub(crate) fn scope(s: &str) -> Result<MonitorScope, ApiError> {
    from_json("monitor scope", s)
}

pub(crate) fn day(s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| unreadable("date", e))
}

pub(crate) fn kind(k: detector::Kind) -> AnomalyKind {
    match k {
        detector::Kind::Rise => AnomalyKind::Rise,
        detector::Kind::Fall => AnomalyKind::Fall,
        detector::Kind::New => AnomalyKind::New,
    }
}

pub(crate) fn detector_kind(k: AnomalyKind) -> detector::Kind {
    match k {
        AnomalyKind::Rise => detector::Kind::Rise,
        AnomalyKind::Fall => detector::Kind::Fall,
        AnomalyKind::New => detector::Kind::New,
    }
}

pub(crate) fn severity(s: detector::Severity) -> AnomalySeverity {
    match s {
        detector::Severity::Low => AnomalySeverity::Low,
        detector::Severity::Medium => AnomalySeverity::Medium,
        detector::Severity::High => AnomalySeverity::High,
    }
}

/// The snake_case name serde gives a unit enum variant.
pub(crate) fn name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn parse_name<T: serde::de::DeserializeOwned>(
    what: &str,
    s: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| unreadable(what, e))
}

pub(crate) fn status_text(s: AnomalyStatus) -> String {
    name(&s)
}

pub(crate) fn learned_view(l: &detector::Learned) -> LearnedView {
    match *l {
        detector::Learned::AcceptLevel { from } => LearnedView {
            kind: LearnedKind::AcceptLevel,
            from: from.to_string(),
            day_of_month: None,
            days: None,
            percent: None,
        },
        detector::Learned::Monthly {
            from,
            day_of_month,
            days,
        } => LearnedView {
            kind: LearnedKind::Monthly,
            from: from.to_string(),
            day_of_month: Some(day_of_month),
            days: Some(days),
            percent: None,
        },
        detector::Learned::Tolerance { from, percent } => LearnedView {
            kind: LearnedKind::Tolerance,
            from: from.to_string(),
            day_of_month: None,
            days: None,
            percent: Some(percent),
        },
    }
}

pub(crate) fn learned(v: &LearnedView) -> Result<detector::Learned, ApiError> {
    let from = day(&v.from)?;
    let missing = || unreadable("learned rule", "a field is missing");
    Ok(match v.kind {
        LearnedKind::AcceptLevel => detector::Learned::AcceptLevel { from },
        LearnedKind::Monthly => detector::Learned::Monthly {
            from,
            day_of_month: v.day_of_month.ok_or_else(missing)?,
            days: v.days.ok_or_else(missing)?,
        },
        LearnedKind::Tolerance => detector::Learned::Tolerance {
            from,
            percent: v.percent.ok_or_else(missing)?,
        },
    })
}

/// A stable id: FNV-1a over the anomaly's identity, so the same anomaly
/// gets the same id on every run and every machine.
pub(crate) fn anomaly_id(
    monitor_id: i64,
    groups: &str,
    currency: &str,
    kind: AnomalyKind,
    start: NaiveDate,
) -> String {
    let key = format!(
        "{monitor_id}\u{1f}{groups}\u{1f}{currency}\u{1f}{}\u{1f}{start}",
        name(&kind)
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("an-{h:016x}")
}
