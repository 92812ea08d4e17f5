//! Provider connections and sync, as the session serves them. The sync runs
//! on its own thread with its own writing connection to the same store, so
//! the UI keeps reading (and making short writes) while it writes; progress
//! and results go to the `on_sync` callback. An optional schedule syncs
//! every N hours while the app is open.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use cloudlens_store::{Auditor, KeySource, SecretHome, Store};
use cloudlens_sync::SyncOptions;

use crate::sync::service::{progress_view, run_sync, secret_home, test_target};
use crate::{
    AddConnectionRequest, ApiError, ConnectionTestView, ConnectionView, ErrorCode, ScheduleView,
    Session, SyncEvent, SyncRequest, SyncRunView,
};

type NotifySync = Box<dyn Fn(SyncEvent) + Send + Sync>;

const SCHEDULE_KEY: &str = "sync_every_hours";

/// The session's sync state.
#[derive(Default)]
pub(crate) struct SyncSlot {
    notify: Mutex<Option<Arc<NotifySync>>>,
    /// Where connection secrets live for the key the store was opened with.
    home: Mutex<Option<SecretHome>>,
    running: AtomicBool,
    cancel: AtomicBool,
    scheduler: AtomicBool,
    /// How often the scheduler looks, in milliseconds (0: once a minute).
    tick_ms: AtomicU64,
    last_started: AtomicI64,
}

impl SyncSlot {
    pub(crate) fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }

    pub(crate) fn remember_key(&self, key: &KeySource) {
        *lock(&self.home) = Some(secret_home(key));
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Where sync progress and results go (the shell forwards them as events).
    /// Also starts the scheduler, which does nothing until a schedule is set.
    pub fn on_sync(&self, f: impl Fn(SyncEvent) + Send + Sync + 'static) {
        *lock(&self.inner.sync.notify) = Some(Arc::new(Box::new(f)));
        self.start_scheduler();
    }

    pub(crate) fn sync_running(&self) -> bool {
        self.inner.sync.running.load(Ordering::SeqCst)
    }

    pub(crate) fn home(&self) -> Result<SecretHome, ApiError> {
        lock(&self.inner.sync.home)
            .clone()
            .ok_or_else(|| ApiError::new(ErrorCode::NotReady, "the store is not open"))
    }

    fn emit_sync(&self, e: SyncEvent) {
        let f = lock(&self.inner.sync.notify).clone();
        if let Some(f) = f {
            f(e);
        }
    }

    pub fn connections(&self) -> Result<Vec<ConnectionView>, ApiError> {
        let home = self.home()?;
        self.with_ready(|cl| cl.connection_views(&home))
    }

    pub fn add_connection(&self, req: AddConnectionRequest) -> Result<ConnectionView, ApiError> {
        let home = self.home()?;
        let now = (self.inner.config.clock)();
        self.with_writable(|cl| cl.add_connection(&home, req, now))
    }

    pub fn test_connection(&self, name: String) -> Result<ConnectionTestView, ApiError> {
        let home = self.home()?;
        // The network call runs without holding the store.
        let target = self.with_writable(|cl| cl.connection_target(&home, &name))?;
        let view = test_target(target);
        self.with_ready(|cl| cl.record_test(&name, &view, self.now()))?;
        Ok(view)
    }

    /// Removes the connection and its secret; synced lines stay until removed from the history.
    pub fn remove_connection(&self, name: String) -> Result<(), ApiError> {
        let home = self.home()?;
        self.with_writable(|cl| cl.remove_connection(&home, &name))
    }

    /// Starts a sync in the background; progress and the result arrive through `on_sync`.
    pub fn sync_now(&self, req: SyncRequest) -> Result<(), ApiError> {
        let home = self.home()?;
        if self.inner.sync.running.swap(true, Ordering::SeqCst) {
            return Err(ApiError::new(ErrorCode::Busy, "a sync is running"));
        }
        // A writing connection of the sync's own; refused while an import writes.
        let opened = self.with_writable(|cl| {
            let mut writer = cl.writer()?;
            let auditor = cl.auditor(&mut writer)?;
            Ok((writer.reopen()?, auditor))
        });
        let (store, auditor) = match opened {
            Ok(opened) => opened,
            Err(e) => {
                self.inner.sync.running.store(false, Ordering::SeqCst);
                return Err(e);
            }
        };
        self.inner.sync.cancel.store(false, Ordering::SeqCst);
        self.inner
            .sync
            .last_started
            .store((self.inner.config.clock)(), Ordering::SeqCst);
        let s = self.clone();
        thread::spawn(move || {
            let result = s.sync_on_this_thread(store, auditor, &home, &req);
            s.inner.sync.running.store(false, Ordering::SeqCst);
            match result {
                Ok(runs) => {
                    for run in runs {
                        let ok = matches!(run.outcome.as_str(), "succeeded");
                        s.emit_sync(if ok {
                            SyncEvent::Finished(run)
                        } else {
                            SyncEvent::Failed(run)
                        });
                    }
                }
                Err(e) => s.emit_sync(SyncEvent::Failed(SyncRunView {
                    id: 0,
                    connection: req.connection.clone().unwrap_or_default(),
                    started_at: String::new(),
                    finished_at: None,
                    outcome: "failed".into(),
                    windows_done: 0,
                    windows_skipped: 0,
                    windows_failed: 0,
                    requests: 0,
                    retries: 0,
                    lines: 0,
                    resources: 0,
                    message: Some(e.message),
                })),
            }
            s.refresh_facts_and_notify();
            s.evaluate_alerts_soon();
        });
        Ok(())
    }

    fn sync_on_this_thread(
        &self,
        mut store: Store,
        auditor: Arc<Auditor>,
        home: &SecretHome,
        req: &SyncRequest,
    ) -> Result<Vec<SyncRunView>, ApiError> {
        let clock = self.inner.config.clock;
        let today = chrono::DateTime::from_timestamp(clock(), 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        let last = Mutex::new(Instant::now() - Duration::from_secs(1));
        let progress = |p: &cloudlens_sync::Progress| {
            let mut l = lock(&last);
            if l.elapsed() >= Duration::from_millis(100) {
                *l = Instant::now();
                drop(l);
                self.emit_sync(SyncEvent::Progress(progress_view(p)));
            }
        };
        run_sync(
            &mut store,
            home,
            req,
            SyncOptions::new(today, clock, auditor),
            &self.inner.sync.cancel,
            &progress,
        )
    }

    pub fn cancel_sync(&self) -> Result<(), ApiError> {
        self.inner.sync.cancel.store(true, Ordering::SeqCst);
        Ok(())
    }

    pub fn schedule(&self) -> Result<ScheduleView, ApiError> {
        let v = self.with_ready(|cl| Ok(cl.reader()?.settings().get(SCHEDULE_KEY)?))?;
        Ok(ScheduleView {
            every_hours: v.and_then(|t| t.parse().ok()),
        })
    }

    pub fn set_schedule(&self, schedule: ScheduleView) -> Result<(), ApiError> {
        self.with_writable(|_| Ok(()))?;
        if let Some(h) = schedule.every_hours {
            if !(1..=168).contains(&h) {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("every {h} hours is outside 1 to 168 hours"),
                ));
            }
        }
        let text = schedule.every_hours.map(|h| h.to_string());
        self.with_writable(|cl| cl.set_setting(SCHEDULE_KEY, text.as_deref()))?;
        self.start_scheduler();
        Ok(())
    }

    /// How often the scheduler looks whether a sync is due: once a minute
    /// unless set (tests look more often).
    pub fn set_schedule_tick(&self, tick: Duration) {
        let ms = u64::try_from(tick.as_millis()).unwrap_or(u64::MAX).max(1);
        self.inner.sync.tick_ms.store(ms, Ordering::SeqCst);
    }

    /// A thread that looks every tick whether a scheduled sync is due (the
    /// first one as soon as a schedule is set); it ends with the session.
    fn start_scheduler(&self) {
        if self.inner.sync.scheduler.swap(true, Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        thread::spawn(move || loop {
            let tick = match weak.upgrade() {
                Some(inner) => inner.sync.tick_ms.load(Ordering::SeqCst),
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
            let Ok(ScheduleView {
                every_hours: Some(h),
            }) = s.schedule()
            else {
                continue;
            };
            let now = (s.inner.config.clock)();
            let last = s.inner.sync.last_started.load(Ordering::SeqCst);
            if now - last >= i64::from(h) * 3600 {
                let _ = s.sync_now(SyncRequest {
                    connection: None,
                    from: None,
                    to: None,
                });
            }
        });
    }
}
