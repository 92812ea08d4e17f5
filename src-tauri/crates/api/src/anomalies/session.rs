//! Detection in the background: after the store opens or the demo loads,
//! after every import, sync or removal, after a monitor changes, and on
//! demand. One run at a time on its own thread; a request while one runs
//! queues exactly one more, so the last change is always judged. Nothing
//! waits for it: views read the last commit meanwhile, and its one write
//! is short. Start and end are pushed to the UI as `DetectionEvent`s.

use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use super::views::{DetectionEvent, DetectionStatus, DetectionSummary};
use crate::allocation::rules::rfc3339;
use crate::{
    ApiError, ErrorCode, FeedbackAction, FeedbackResult, MonitorInput, MonitorView, Session,
};

type NotifyDetection = Arc<dyn Fn(DetectionEvent) + Send + Sync>;

#[derive(Default)]
struct State {
    running: bool,
    /// Asked again while running: run once more when done.
    again: bool,
    last: Option<(DetectionSummary, i64)>,
    error: Option<ApiError>,
}

/// The session's detection thread state, its callback and the name
/// feedback is recorded under.
pub(crate) struct DetectionSlot {
    state: Mutex<State>,
    notify: Mutex<Option<NotifyDetection>>,
    actor: Mutex<String>,
}

impl Default for DetectionSlot {
    fn default() -> Self {
        DetectionSlot {
            state: Mutex::default(),
            notify: Mutex::default(),
            actor: Mutex::new("local user".to_string()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Where detection events go (the shell forwards them to the UI).
    pub fn on_detection(&self, f: impl Fn(DetectionEvent) + Send + Sync + 'static) {
        *lock(&self.inner.anomalies.notify) = Some(Arc::new(f));
    }

    /// Who feedback is recorded as (the OS user, as the shell knows it).
    pub fn set_actor(&self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            *lock(&self.inner.anomalies.actor) = name.to_string();
        }
    }

    fn emit_detection(&self, e: DetectionEvent) {
        let f = lock(&self.inner.anomalies.notify).clone();
        if let Some(f) = f {
            f(e);
        }
    }

    pub fn detection_status(&self) -> Result<DetectionStatus, ApiError> {
        let s = lock(&self.inner.anomalies.state);
        Ok(DetectionStatus {
            running: s.running,
            last: s.last.as_ref().map(|(summary, _)| summary.clone()),
            last_at: s.last.as_ref().map(|(_, at)| rfc3339(*at)),
            error: s.error.clone(),
        })
    }

    /// Starts a detection run unless one is running (then one more follows it).
    pub fn detect_anomalies(&self) -> Result<(), ApiError> {
        self.with_writable(|_| Ok(()))?;
        self.detect_in_background();
        Ok(())
    }

    pub(crate) fn detect_in_background(&self) {
        // Audit mode keeps the anomalies as they were detected.
        if self
            .with_ready(|cl| Ok(cl.is_audit_mode()))
            .unwrap_or(false)
        {
            return;
        }
        {
            let mut s = lock(&self.inner.anomalies.state);
            if s.running {
                s.again = true;
                return;
            }
            s.running = true;
        }
        let session = self.clone();
        thread::spawn(move || session.detection_loop());
    }

    fn detection_loop(&self) {
        loop {
            self.emit_detection(DetectionEvent::Started);
            let now = self.now();
            let result = self.with_ready(|cl| cl.detect_anomalies(None, None, now));
            let mut s = lock(&self.inner.anomalies.state);
            let event = match result {
                Ok(summary) => {
                    s.last = Some((summary.clone(), now));
                    s.error = None;
                    DetectionEvent::Finished { summary }
                }
                // An import or the demo holds the store; it asks again when done.
                Err(e) if e.code == ErrorCode::Busy || e.code == ErrorCode::NotReady => {
                    DetectionEvent::Postponed
                }
                Err(error) => {
                    s.error = Some(error.clone());
                    DetectionEvent::Failed { error }
                }
            };
            let again = std::mem::take(&mut s.again);
            s.running = again;
            drop(s);
            // Anomalies found (or changed) go to their monitors' channels.
            if let DetectionEvent::Finished { summary } = &event {
                if summary.found + summary.updated > 0 {
                    self.evaluate_alerts_soon();
                }
            }
            self.emit_detection(event);
            if !again {
                return;
            }
        }
    }

    pub fn anomaly_feedback(
        &self,
        id: String,
        action: FeedbackAction,
        note: Option<String>,
    ) -> Result<FeedbackResult, ApiError> {
        let actor = lock(&self.inner.anomalies.actor).clone();
        let now = self.now();
        let note = note.filter(|n| !n.trim().is_empty());
        self.with_writable(|cl| cl.anomaly_feedback(&id, action, note.as_deref(), &actor, now))
    }

    pub fn add_anomaly_monitor(&self, monitor: MonitorInput) -> Result<MonitorView, ApiError> {
        let now = self.now();
        let added = self.with_writable(|cl| cl.add_anomaly_monitor(&monitor, now))?;
        self.detect_in_background();
        Ok(added)
    }

    pub fn update_anomaly_monitor(
        &self,
        id: i64,
        monitor: MonitorInput,
    ) -> Result<MonitorView, ApiError> {
        let now = self.now();
        let updated = self.with_writable(|cl| cl.update_anomaly_monitor(id, &monitor, now))?;
        self.detect_in_background();
        Ok(updated)
    }
}
