//! What follows a committed import or sync, as it does in the app:
//! detection over the days the change touched, then alert evaluation and
//! delivery. The change is already committed, so a failure here is a
//! warning (`cloudlens alerts evaluate` and `anomalies detect` redo it),
//! never a failed import. Each step takes the writer for itself and
//! releases it; none is held across them.

use std::sync::Arc;

use cloudlens_alerts::{Clock, SystemClock};
use cloudlens_api::{CloudLens, SecretHome};

use crate::commands::now;
use crate::desktop::Freedesktop;

/// Longest wait for retries and rate-limit windows after an import; what
/// is still waiting stays queued for the next evaluation.
const MAX_WAIT_MS: i64 = 15_000;

pub fn detect_and_alert(cl: &CloudLens, home: &SecretHome) {
    match cl.detect_anomalies(None, None, now()) {
        Ok(s) => match (&s.from, &s.to) {
            (Some(from), Some(to)) => errln!(
                "anomalies: judged {from} to {to}: {} new, {} updated, {} withdrawn",
                s.found,
                s.updated,
                s.withdrawn
            ),
            _ => errln!("anomalies: nothing new to judge"),
        },
        Err(e) => errln!("warning: anomaly detection failed: {e}"),
    }
    let today = chrono::Utc::now().date_naive();
    let evaluated = cl
        .evaluate_alerts(today, now(), SystemClock.now_ms())
        .and_then(|mut view| {
            cl.deliver_alerts(
                home,
                Arc::new(Freedesktop),
                &SystemClock,
                MAX_WAIT_MS,
                &mut view,
            )?;
            Ok(view)
        });
    match evaluated {
        Ok(v) => errln!(
            "alerts: {} new; deliveries: {} sent, {} failed, {} waiting",
            v.raised,
            v.sent,
            v.failed,
            v.waiting
        ),
        Err(e) => errln!("warning: alert evaluation failed: {e}"),
    }
}
