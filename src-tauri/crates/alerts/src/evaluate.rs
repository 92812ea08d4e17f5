//! Evaluation: every source looks at the data as of a day and proposes
//! alerts ([`propose`]); each is recorded once per dedup key with one queued
//! delivery per channel of its route ([`record`]). Re-evaluating proposes
//! the same keys and records nothing new. Sources read on their own
//! connection (the app's read pool, or the CLI's), so proposing never holds
//! the store's writer; recording is one short write per alert.
//!
//! A source is anything that turns the data into [`Alert`]s: data health
//! (here), budget thresholds and anomalies (in the api, which computes
//! their figures). Each proposes its alerts with a dedup key stable across
//! evaluations and a [`Route`] naming the channels its budget or monitor
//! chose.

use chrono::NaiveDate;
use cloudlens_store::{NewAlert, Store};

use crate::alert::Route;
use crate::{Alert, AlertError};

/// What a source sees.
#[derive(Debug, Clone, Copy)]
pub struct EvalContext {
    /// The day evaluated ("today", or `--as-of`): data charged before it.
    pub as_of: NaiveDate,
    /// Unix seconds, for the alerts' creation time.
    pub now: i64,
}

pub trait AlertSource {
    /// For reports (`data`, `budget`, `anomaly`).
    fn name(&self) -> &'static str;
    /// The alerts the data calls for as of `ctx.as_of`, each with a dedup
    /// key stable across evaluations.
    fn evaluate(&self, ctx: &EvalContext) -> Result<Vec<Alert>, AlertError>;
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

/// Every source's proposals, in the order of `sources`.
pub fn propose(sources: &[&dyn AlertSource], ctx: &EvalContext) -> Result<Vec<Alert>, AlertError> {
    let mut out = Vec::new();
    for source in sources {
        out.extend(source.evaluate(ctx)?);
    }
    Ok(out)
}

/// Records each alert not seen before, with one queued delivery per
/// channel of its route.
pub fn record(
    store: &mut Store,
    alerts: &[Alert],
    now_ms: i64,
) -> Result<EvaluationReport, AlertError> {
    let mut report = EvaluationReport::default();
    let channels: Vec<String> = store
        .alerts()
        .channels()?
        .into_iter()
        .map(|c| c.name)
        .collect();
    for alert in alerts {
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
        match store.alerts_mut().record(&new, &targets, now_ms)? {
            Some(id) => report.raised.push((id, alert.dedup_key.clone())),
            None => report.known += 1,
        }
    }
    Ok(report)
}
