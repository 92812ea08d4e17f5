//! The user's word on an anomaly: acknowledge or resolve it (status only),
//! or call it expected / not an anomaly, which also teaches the detector
//! (see `cloudlens_anomaly::learn`) and re-judges the group's later days
//! under what it learned, withdrawing the anomalies it no longer reports.
//! Status, feedback and withdrawals land in one transaction.

use cloudlens_anomaly::{learn, AnomalyShape, Verdict};
use cloudlens_explore::date_of;
use cloudlens_store::{AuditAction, AuditRecord, DetectionWrite, FeedbackRecord, StatusWrite};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::codec::{self, from_json, learned_view, to_json, StoredFeedback};
use super::judge::Only;
use super::plan::DayPlan;
use super::records::view;
use super::series::Window;
use super::views::{AnomalyDayView, AnomalyStatus, AnomalyView, FeedbackAction, FeedbackView};
use crate::allocation::rules::rfc3339;
use crate::explore::convert::invalid;
use crate::{ApiError, CloudLens};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FeedbackResult {
    pub anomaly: AnomalyView,
    /// What the detector learned (for expected / not an anomaly).
    pub feedback: Option<FeedbackView>,
}

fn peak_percent(days: &[AnomalyDayView], sign: f64) -> f64 {
    days.iter()
        .filter(|d| d.anomalous)
        .filter_map(|d| {
            let a: f64 = d.actual.parse().ok()?;
            let e: f64 = d.expected.as_deref()?.parse().ok()?;
            (e.abs() > 1e-9).then(|| (a - e) / e.abs() * 100.0 * sign)
        })
        .fold(0.0, f64::max)
}

pub(crate) fn feedback_view(f: &FeedbackRecord) -> Result<FeedbackView, ApiError> {
    let stored: StoredFeedback = from_json("feedback", &f.learned)?;
    Ok(FeedbackView {
        verdict: codec::parse_name("feedback verdict", &f.verdict)?,
        learned: stored.learned,
        withdrawn: stored.withdrawn,
        actor: f.actor.clone(),
        at: rfc3339(f.at),
        note: f.note.clone(),
    })
}

impl CloudLens {
    /// Acknowledge and resolve change the status only; expected and not an
    /// anomaly also teach the detector and re-judge the group's later days,
    /// waiting for a detection run in progress to finish first.
    pub fn anomaly_feedback(
        &self,
        id: &str,
        action: FeedbackAction,
        note: Option<&str>,
        actor: &str,
        now: i64,
    ) -> Result<FeedbackResult, ApiError> {
        self.refuse_in_audit_mode()?;
        let (record, monitor) = self.anomaly_of(id)?;
        let (status, verdict) = match action {
            FeedbackAction::Expected => (AnomalyStatus::Expected, Some(Verdict::Expected)),
            FeedbackAction::NotAnomaly => (AnomalyStatus::NotAnomaly, Some(Verdict::NotAnomaly)),
            FeedbackAction::Acknowledge => (AnomalyStatus::Acknowledged, None),
            FeedbackAction::Resolve => (AnomalyStatus::Resolved, None),
        };
        let mut change = StatusWrite {
            anomaly_id: id.to_string(),
            status: codec::status_text(status),
            actor: actor.to_string(),
            at: now,
            note: note.map(str::to_string),
            feedback: None,
        };
        let Some(verdict) = verdict else {
            let entry = feedback_entry(id, &record.status, &change);
            self.logged(entry, |store| {
                if store.anomalies_mut().set_status(&change)? {
                    Ok(())
                } else {
                    Err(invalid(format!("anomaly: no anomaly with id {id:?}")))
                }
            })?;
            return self.feedback_result(id);
        };
        let _one_at_a_time = self.anomaly_work();
        let snapshot = self.explore_snapshot()?;
        let Some((first, last)) = snapshot.day_span() else {
            return Err(invalid(
                "the store has no cost lines to judge the anomaly against",
            ));
        };
        let kind = codec::parse_name("anomaly kind", &record.kind)?;
        let days: Vec<AnomalyDayView> = from_json("anomaly days", &record.days)?;
        let sign = if kind == super::views::AnomalyKind::Fall {
            -1.0
        } else {
            1.0
        };
        let shape = AnomalyShape {
            kind: codec::detector_kind(kind),
            start: codec::day(&record.start)?,
            end: codec::day(&record.end)?,
            latest_day: date_of(last),
            peak_percent: peak_percent(&days, sign),
        };
        let learned = learn(verdict, &shape);
        let plan = DayPlan::after(Window::between(date_of(first), date_of(last)), shape.end);
        let only = Only {
            group: Some((&record.groups, &record.currency)),
            learned: Some(learned.clone()),
            skip: Some(id),
        };
        let judged = self.judge(&monitor, &plan, &only, "feedback", now)?;
        let stored = StoredFeedback {
            learned: learned_view(&learned),
            withdrawn: judged.withdrawn.iter().map(|w| w.0.clone()).collect(),
        };
        change.feedback = Some(FeedbackRecord {
            id: 0,
            anomaly_id: id.to_string(),
            monitor_id: monitor.id,
            groups: record.groups.clone(),
            currency: record.currency.clone(),
            verdict: change.status.clone(),
            learned: to_json(&stored)?,
            actor: actor.to_string(),
            at: now,
            note: note.map(str::to_string),
        });
        let entry = feedback_entry(id, &record.status, &change);
        let write = DetectionWrite {
            at: now,
            anomalies: judged.anomalies,
            withdrawn: judged.withdrawn,
            status: vec![change],
            record_run: false,
            ..DetectionWrite::default()
        };
        self.logged(entry, |store| {
            Ok(store.anomalies_mut().save_detection(&write)?)
        })?;
        self.feedback_result(id)
    }

    fn feedback_result(&self, id: &str) -> Result<FeedbackResult, ApiError> {
        let (record, monitor) = self.anomaly_of(id)?;
        let feedback = self
            .reader()?
            .anomalies()
            .feedback_of(id)?
            .map(|f| feedback_view(&f))
            .transpose()?;
        Ok(FeedbackResult {
            anomaly: view(&record, &monitor)?,
            feedback,
        })
    }
}

/// The audit entry of a status change: the status before and after, and
/// the note given with it.
fn feedback_entry(id: &str, before: &str, change: &StatusWrite) -> AuditRecord {
    let after = match &change.note {
        Some(note) => format!("{}: {note}", change.status),
        None => change.status.clone(),
    };
    AuditRecord::new(AuditAction::AnomalyFeedback, id)
        .before(before)
        .after(after)
}
