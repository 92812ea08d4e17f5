//! Alerts as the session serves them: channels (secrets go to where the
//! store keeps connection secrets), the history, and evaluation, which runs
//! after every import, sync and budget change, on a schedule while the app
//! runs, and on demand. One evaluation runs at a time; a request arriving
//! meanwhile runs once more when it ends. Desktop notifications go through
//! the notifier the shell hands over (its notification plugin); until it
//! does, they stay queued.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;
use cloudlens_alerts::{Clock, NoDesktop, Notifier, SystemClock};

use crate::{
    AddChannelRequest, AlertSettings, ApiError, ChannelTestView, ChannelView, EvaluationView,
    Session,
};

/// How long one evaluation waits for retries and rate-limit windows before
/// leaving the rest queued for the next.
const MAX_WAIT_MS: i64 = 120_000;

#[derive(Default)]
pub(crate) struct AlertsSlot {
    notifier: Mutex<Option<Arc<dyn Notifier>>>,
    running: AtomicBool,
    again: AtomicBool,
    scheduler: AtomicBool,
    /// How often the scheduler looks, in milliseconds (0: once a minute).
    tick_ms: AtomicU64,
    last_run: AtomicI64,
    /// The last background evaluation: what it did (or why it failed) and
    /// when it ran, by the session clock.
    last: Mutex<Option<(Result<EvaluationView, ApiError>, i64)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Where desktop notifications go (the shell's notification plugin);
    /// also starts the scheduler that evaluates alerts while the app runs.
    pub fn on_alerts(&self, notifier: Arc<dyn Notifier>) {
        *lock(&self.inner.alerts.notifier) = Some(notifier);
        self.start_alert_scheduler();
    }

    fn notifier(&self) -> Arc<dyn Notifier> {
        lock(&self.inner.alerts.notifier)
            .clone()
            .unwrap_or_else(|| Arc::new(NoDesktop))
    }

    /// The session clock's day: budgets' figures count lines charged before it.
    pub(crate) fn today(&self) -> NaiveDate {
        chrono::DateTime::from_timestamp(self.now(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default()
    }

    pub fn alert_channels(&self) -> Result<Vec<ChannelView>, ApiError> {
        let home = self.home()?;
        self.with_ready(|cl| cl.alert_channels(&home))
    }

    pub fn add_alert_channel(&self, request: AddChannelRequest) -> Result<ChannelView, ApiError> {
        let home = self.home()?;
        let now = self.now();
        self.with_writable(|cl| cl.add_alert_channel(&home, request, now))
    }

    pub fn test_alert_channel(&self, name: String) -> Result<ChannelTestView, ApiError> {
        let home = self.home()?;
        let notifier = self.notifier();
        self.with_writable(|cl| {
            cl.test_alert_channel(&home, notifier.as_ref(), &name, SystemClock.now_ms())
        })
    }

    pub fn remove_alert_channel(&self, name: String) -> Result<(), ApiError> {
        let home = self.home()?;
        self.with_writable(|cl| cl.remove_alert_channel(&home, &name))
    }

    pub fn set_alert_settings(&self, settings: AlertSettings) -> Result<(), ApiError> {
        self.with_writable(|cl| cl.set_alert_settings(&settings))
    }

    /// Evaluates now and delivers what is waiting; answers when done.
    pub fn evaluate_alerts(&self) -> Result<EvaluationView, ApiError> {
        let home = self.home()?;
        let notifier = self.notifier();
        let (today, now) = (self.today(), self.now());
        self.inner.alerts.last_run.store(now, Ordering::SeqCst);
        self.with_writable(|cl| {
            let mut view = cl.evaluate_alerts(today, now, SystemClock.now_ms())?;
            cl.deliver_alerts(&home, notifier, &SystemClock, MAX_WAIT_MS, &mut view)?;
            Ok(view)
        })
    }

    /// Evaluates in the background (after an import, a sync or a budget
    /// change); a failure is reported and the next evaluation tries again.
    pub(crate) fn evaluate_alerts_soon(&self) {
        let slot = &self.inner.alerts;
        if slot.running.swap(true, Ordering::SeqCst) {
            slot.again.store(true, Ordering::SeqCst);
            return;
        }
        let s = self.clone();
        thread::spawn(move || loop {
            let slot = &s.inner.alerts;
            slot.again.store(false, Ordering::SeqCst);
            s.evaluate_alerts_in_background();
            if slot.again.load(Ordering::SeqCst) {
                continue;
            }
            slot.running.store(false, Ordering::SeqCst);
            // A request that saw `running` just before it was cleared set `again`.
            if !slot.again.load(Ordering::SeqCst) || slot.running.swap(true, Ordering::SeqCst) {
                return;
            }
        });
    }

    /// The last background evaluation (scheduled, or after an import, a
    /// sync or a budget change): its result and when it started, by the
    /// session clock; `None` before the first one.
    pub fn last_alert_evaluation(&self) -> Option<(Result<EvaluationView, ApiError>, i64)> {
        lock(&self.inner.alerts.last).clone()
    }

    /// Nobody waits for a background evaluation's answer, so a failure is
    /// written to stderr (as the shell reports its own background failures)
    /// and kept for [`Session::last_alert_evaluation`].
    fn evaluate_alerts_in_background(&self) {
        let at = self.now();
        let result = self.evaluate_alerts();
        if let Err(e) = &result {
            eprintln!("cloudlens: alert evaluation failed: {}", e.message);
        }
        *lock(&self.inner.alerts.last) = Some((result, at));
    }

    /// How often the alert scheduler looks whether an evaluation is due:
    /// once a minute unless set (tests look more often).
    pub fn set_alert_tick(&self, tick: Duration) {
        let ms = u64::try_from(tick.as_millis()).unwrap_or(u64::MAX).max(1);
        self.inner.alerts.tick_ms.store(ms, Ordering::SeqCst);
    }

    fn start_alert_scheduler(&self) {
        if self.inner.alerts.scheduler.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        thread::spawn(move || loop {
            let tick = match weak.upgrade() {
                Some(inner) => inner.alerts.tick_ms.load(Ordering::SeqCst),
                None => return,
            };
            thread::sleep(match tick {
                0 => Duration::from_secs(60),
                ms => Duration::from_millis(ms),
            });
            let Some(inner) = weak.upgrade() else {
                return;
            };
            let s = Session { inner };
            let Ok(settings) = s.with_ready(|cl| cl.alert_settings()) else {
                continue;
            };
            let every = i64::from(settings.evaluate_every_minutes) * 60;
            let last = s.inner.alerts.last_run.load(Ordering::SeqCst);
            if every > 0 && s.now() - last >= every {
                s.inner.alerts.last_run.store(s.now(), Ordering::SeqCst);
                s.evaluate_alerts_soon();
            }
        });
    }
}
