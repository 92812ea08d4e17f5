//! Evaluation: every source looks at the store as of a day and proposes
//! alerts; each is recorded once per dedup key with one queued delivery per
//! channel of its route. Re-evaluating proposes the same keys and records
//! nothing new. Budget and anomaly sources plug in as further
//! [`AlertSource`]s.

use chrono::NaiveDate;
use cloudlens_store::{NewAlert, Store};

use crate::alert::Route;
use crate::{Alert, AlertError};

/// What a source sees.
#[derive(Debug, Clone, Copy)]
pub struct EvalContext {
    /// The day evaluated ("today", or `--as-of`).
    pub as_of: NaiveDate,
    /// Unix seconds, for the alerts' creation time.
    pub now: i64,
}

pub trait AlertSource {
    /// For reports (`data`, later `budget`, `anomaly`).
    fn name(&self) -> &'static str;
    /// The alerts the store's state calls for as of `ctx.as_of`, each with
    /// a dedup key stable across evaluations.
    fn evaluate(&self, store: &Store, ctx: &EvalContext) -> Result<Vec<Alert>, AlertError>;
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationReport {
    /// Newly raised: (alert id, dedup key).
    pub raised: Vec<(i64, String)>,
    /// Proposed again and already known.
    pub known: u32,
    /// Channels a route named that do not exist (the alert goes to the rest).
    pub missing_channels: Vec<String>,
}

pub fn evaluate(
    store: &mut Store,
    sources: &[&dyn AlertSource],
    ctx: &EvalContext,
    now_ms: i64,
) -> Result<EvaluationReport, AlertError> {
    let mut report = EvaluationReport::default();
    let channels: Vec<String> = store
        .alert_channels()?
        .into_iter()
        .map(|c| c.name)
        .collect();
    for source in sources {
        for alert in source.evaluate(store, ctx)? {
            let targets: Vec<String> = match &alert.route {
                Route::AllChannels => channels.clone(),
                Route::Channels(names) => {
                    for n in names.iter().filter(|n| !channels.contains(n)) {
                        if !report.missing_channels.contains(n) {
                            report.missing_channels.push(n.clone());
                        }
                    }
                    names
                        .iter()
                        .filter(|n| channels.contains(n))
                        .cloned()
                        .collect()
                }
            };
            let new = NewAlert {
                dedup_key: alert.dedup_key.clone(),
                source: alert.source.as_str().to_string(),
                severity: alert.severity.as_str().to_string(),
                payload: alert.to_json(),
                created_at: alert.created,
            };
            match store.record_alert(&new, &targets, now_ms)? {
                Some(id) => report.raised.push((id, alert.dedup_key)),
                None => report.known += 1,
            }
        }
    }
    Ok(report)
}
