//! The app's lifecycle around one store: open it (keychain first, passphrase
//! when there is no keychain), fill an empty store with the demo dataset, and
//! serve queries. Long work runs on its own thread; every state change is
//! pushed to `notify` so the shell can forward it to the UI as an event.
//!
//! The state lock is held only to read or swap the state, never while the
//! store works: `status()` answers at once whatever runs, and queries run on
//! read connections, so every view answers while an import or a sync
//! writes (showing the last commit). Writes during an import are refused
//! with `Busy`; while the demo loads into the store, queries are too.

pub(crate) mod audit;
mod commands;
mod demo;
mod restore;
#[cfg(test)]
mod tests;
pub(crate) mod views;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use cloudlens_demo::DemoOptions;
use cloudlens_store::{KeySource, Keychain};
use zeroize::Zeroizing;

use crate::cloudlens::Actor;
use crate::{
    ApiError, CloudLens, ErrorCode, ImportEvent, ImportRequest, Progress, StoreState, StoreStatus,
};

pub struct SessionConfig {
    pub db_path: PathBuf,
    pub keychain: Keychain,
    /// A passphrase given up front (environment or file): skip the keychain.
    pub passphrase: Option<Zeroizing<String>>,
    /// Lines and seed of the demo loaded into an empty store; its end date
    /// comes from `today`.
    pub demo_lines: u64,
    pub demo_seed: u64,
    pub clock: fn() -> i64,
    /// The OS user the audit log names for every change.
    pub os_user: String,
    /// Open the store read-only (`--audit`): every change is refused.
    pub audit: bool,
    /// The system's time zone (IANA name): a store that never chose one
    /// counts days in it. `None` keeps such a store's UTC days.
    pub system_zone: Option<String>,
    /// The running build and its update key, for updates.
    pub updates: crate::UpdateConfig,
}

enum State {
    Opening,
    NeedsPassphrase(Option<ApiError>),
    Open(Arc<CloudLens>, Work),
    Failed(ApiError),
}

/// The long write an open store is busy with, if any.
#[derive(Clone, Copy)]
enum Work {
    Idle,
    LoadingDemo(Progress),
    /// Importing files; progress counts bytes.
    Importing(Progress),
}

type Notify = Box<dyn Fn(StoreStatus) + Send + Sync>;
type NotifyImport = Box<dyn Fn(ImportEvent) + Send + Sync>;

pub(crate) struct Inner {
    pub(crate) config: SessionConfig,
    state: Mutex<State>,
    /// Counts and flags of the ready store, kept so status never waits on a query.
    facts: Mutex<(u64, bool)>,
    notify: Notify,
    notify_import: Mutex<Option<NotifyImport>>,
    cancel: AtomicBool,
    /// The key the store was opened with, to reopen it after a restore.
    key: Mutex<Option<KeySource>>,
    /// Provider sync: its callback, cancel flag, key and schedule.
    pub(crate) sync: crate::sync::session::SyncSlot,
    /// Why the store is read-only, and an opened audit pack.
    pub(crate) audit: Mutex<audit::AuditSlot>,
    /// Background anomaly detection.
    pub(crate) anomalies: crate::anomalies::session::DetectionSlot,
    /// Alert evaluation: the notifier, the scheduler, one run at a time.
    pub(crate) alerts: crate::alerts::session::AlertsSlot,
    /// Recommendations computed again after the data changes.
    pub(crate) recommendations: crate::recommendations::session::RefreshSlot,
    /// The UI's language, for what the shell shows outside the window.
    pub(crate) ui_locale: crate::alerts::tray::UiLocale,
}

#[derive(Clone)]
pub struct Session {
    pub(crate) inner: Arc<Inner>,
}

impl Session {
    /// Starts opening the store in the background and returns at once.
    pub fn start(
        config: SessionConfig,
        notify: impl Fn(StoreStatus) + Send + Sync + 'static,
    ) -> Session {
        let session = Session {
            inner: Arc::new(Inner {
                config,
                state: Mutex::new(State::Opening),
                facts: Mutex::new((0, false)),
                notify: Box::new(notify),
                notify_import: Mutex::new(None),
                cancel: AtomicBool::new(false),
                key: Mutex::new(None),
                sync: Default::default(),
                audit: Default::default(),
                anomalies: Default::default(),
                alerts: Default::default(),
                recommendations: Default::default(),
                ui_locale: Default::default(),
            }),
        };
        let s = session.clone();
        thread::spawn(move || {
            let key = match &s.inner.config.passphrase {
                Some(p) => KeySource::Passphrase(p.clone()),
                None => KeySource::Keychain(s.inner.config.keychain.clone()),
            };
            s.open_with(key);
        });
        session
    }

    pub fn status(&self) -> StoreStatus {
        let state = self.state();
        let (lines, demo) = *lock(&self.inner.facts);
        let (state, progress, error) = match &*state {
            State::Opening => (StoreState::Opening, None, None),
            State::NeedsPassphrase(e) => (StoreState::NeedsPassphrase, None, e.clone()),
            State::Open(_, Work::LoadingDemo(p)) => (StoreState::LoadingDemo, Some(*p), None),
            State::Open(_, Work::Importing(p)) => (StoreState::Importing, Some(*p), None),
            State::Open(_, Work::Idle) => (StoreState::Ready, None, None),
            State::Failed(e) => (StoreState::Failed, None, Some(e.clone())),
        };
        let secrets_in_store = matches!(*lock(&self.inner.key), Some(KeySource::Passphrase(_)));
        StoreStatus {
            state,
            lines,
            demo,
            progress,
            error,
            audit: self.audit_view(),
            secrets_in_store,
        }
    }

    pub fn unlock(&self, passphrase: String) -> Result<(), ApiError> {
        if !matches!(&*self.state(), State::NeedsPassphrase(_)) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "the store is not waiting for a passphrase",
            ));
        }
        self.open_with(KeySource::Passphrase(Zeroizing::new(passphrase)));
        match &*self.state() {
            State::NeedsPassphrase(Some(e)) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// The running build's update settings (for the shell's online check).
    pub fn update_config(&self) -> crate::UpdateConfig {
        self.inner.config.updates.clone()
    }

    /// Loads the demo dataset in the background (the store must be ready).
    pub fn load_demo(&self) -> Result<(), ApiError> {
        self.with_writable(|_| Ok(()))?;
        let cl = self.start_work(Work::LoadingDemo(Progress { done: 0, total: 0 }))?;
        self.spawn_demo(cl);
        Ok(())
    }

    pub fn remove_demo(&self) -> Result<(), ApiError> {
        self.with_writable(|cl| cl.remove_demo().map(|_| ()))?;
        self.refresh_facts_and_notify();
        Ok(())
    }

    /// Where import progress and results go (the shell forwards them to the UI).
    pub fn on_import(&self, f: impl Fn(ImportEvent) + Send + Sync + 'static) {
        *lock(&self.inner.notify_import) = Some(Box::new(f));
    }

    /// Starts importing in the background; progress and the reports arrive
    /// through [`Session::on_import`].
    pub fn import_files(&self, req: ImportRequest) -> Result<(), ApiError> {
        self.with_writable(|_| Ok(()))?;
        for f in &req.files {
            crate::imports::service::parse_format(f.format.as_deref())?;
        }
        let cl = self.start_work(Work::Importing(Progress { done: 0, total: 0 }))?;
        let announced = cl.announce_long_write();
        self.inner
            .cancel
            .store(false, std::sync::atomic::Ordering::Relaxed);
        (self.inner.notify)(self.status());
        let s = self.clone();
        thread::spawn(move || {
            let mut last = std::time::Instant::now();
            let result = cl.import_files(&req, s.inner.config.clock, &s.inner.cancel, &mut |p| {
                if last.elapsed().as_millis() < 100 {
                    return;
                }
                last = std::time::Instant::now();
                s.set_work(Work::Importing(Progress {
                    done: p.bytes,
                    total: p.total_bytes,
                }));
                s.emit_import(ImportEvent::Progress { progress: p });
            });
            drop(announced);
            s.become_ready(cl);
            match result {
                Ok(reports) => {
                    s.emit_import(ImportEvent::Finished { reports });
                    s.evaluate_alerts_soon();
                }
                Err(error) => s.emit_import(ImportEvent::Failed { error }),
            }
        });
        Ok(())
    }

    /// Asks a running import (or demo load) to stop; it rolls back.
    pub fn cancel(&self) {
        self.inner
            .cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The session clock (Unix seconds), for timestamps the explorer stores.
    pub(crate) fn now(&self) -> i64 {
        (self.inner.config.clock)()
    }

    fn emit_import(&self, e: ImportEvent) {
        if let Some(f) = &*lock(&self.inner.notify_import) {
            f(e);
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.inner.state)
    }

    fn set(&self, next: State) {
        *self.state() = next;
        (self.inner.notify)(self.status());
    }

    /// Runs `f` on the open store without holding the state lock. Reads
    /// answer during an import (writes get `Busy` from the writer); nothing
    /// does while the demo loads.
    pub(crate) fn with_ready<T>(
        &self,
        f: impl FnOnce(&CloudLens) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let cl = match &*self.state() {
            State::Open(_, Work::LoadingDemo(_)) => {
                return Err(ApiError::new(
                    ErrorCode::Busy,
                    "the demo dataset is still loading",
                ))
            }
            State::Open(cl, _) => Arc::clone(cl),
            _ => return Err(ApiError::new(ErrorCode::NotReady, "the store is not open")),
        };
        f(&cl)
    }

    /// Runs a change on the open store; refused at once with `audit_mode`
    /// when the store is read-only (the core refuses again below).
    pub(crate) fn with_writable<T>(
        &self,
        f: impl FnOnce(&CloudLens) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with_ready(|cl| {
            cl.refuse_in_audit_mode()?;
            f(cl)
        })
    }

    /// Replaces the open store (the audit-mode switch, an audit pack).
    pub(crate) fn swap_store(&self, cl: Arc<CloudLens>) {
        self.become_ready(cl);
    }

    /// Marks the open store busy with `work`; refused when it is not open
    /// or already busy.
    fn start_work(&self, work: Work) -> Result<Arc<CloudLens>, ApiError> {
        let mut state = self.state();
        match &mut *state {
            State::Open(cl, current @ Work::Idle) => {
                *current = work;
                Ok(Arc::clone(cl))
            }
            _ => Err(ApiError::new(
                ErrorCode::Busy,
                "the store is not ready for that",
            )),
        }
    }

    fn set_work(&self, work: Work) {
        if let State::Open(_, current) = &mut *self.state() {
            *current = work;
        }
    }

    /// Who the audit log names for this session's changes.
    fn actor(&self) -> Actor {
        Actor {
            os_user: self.inner.config.os_user.clone(),
            clock: self.inner.config.clock,
        }
    }

    fn open_with(&self, key: KeySource) {
        let passphrase_mode = matches!(key, KeySource::Passphrase(_));
        let path = &self.inner.config.db_path;
        let opened = if self.inner.config.audit {
            CloudLens::open_audit(path, &key, self.actor())
        } else {
            CloudLens::open(path, &key, self.actor())
        };
        match opened.and_then(|cl| self.apply_audit_mode(cl)) {
            Ok(cl) => {
                self.inner.sync.remember_key(&key);
                *lock(&self.inner.key) = Some(restore::copy_key(&key));
                self.opened(cl)
            }
            Err(e) if e.code == ErrorCode::KeychainUnavailable => {
                self.set(State::NeedsPassphrase(None))
            }
            Err(e) if passphrase_mode && e.code == ErrorCode::WrongKey => {
                self.set(State::NeedsPassphrase(Some(e)))
            }
            Err(e) => self.set(State::Failed(e)),
        }
    }

    fn opened(&self, cl: CloudLens) {
        if let Some(zone) = &self.inner.config.system_zone {
            if let Err(e) = cl.default_day_zone(zone) {
                return self.set(State::Failed(e));
            }
        }
        let cl = Arc::new(cl);
        if cl.is_audit_mode() {
            return self.become_ready(cl);
        }
        match cl.line_count() {
            Ok(0) => {
                let loading = Work::LoadingDemo(Progress { done: 0, total: 0 });
                *self.state() = State::Open(Arc::clone(&cl), loading);
                self.spawn_demo(cl)
            }
            Ok(_) => self.become_ready(cl),
            Err(e) => self.set(State::Failed(e)),
        }
    }

    /// Ready after opening, the demo load or an import: detection judges
    /// what changed and recommendations are computed again.
    fn become_ready(&self, cl: Arc<CloudLens>) {
        let facts = (cl.line_count().unwrap_or(0), cl.has_demo().unwrap_or(false));
        *lock(&self.inner.facts) = facts;
        self.set(State::Open(cl, Work::Idle));
        self.detect_in_background();
        self.refresh_recommendations_in_background();
    }

    pub(crate) fn refresh_facts_and_notify(&self) {
        let cl = match &*self.state() {
            State::Open(cl, _) => Some(Arc::clone(cl)),
            _ => None,
        };
        let facts = cl.map(|cl| -> Result<_, ApiError> { Ok((cl.line_count()?, cl.has_demo()?)) });
        if let Some(Ok(f)) = facts {
            *lock(&self.inner.facts) = f;
        }
        (self.inner.notify)(self.status());
        self.detect_in_background();
        self.refresh_recommendations_in_background();
    }

    /// Notifies the new status (the import's or the demo's progress).
    fn notify_status(&self) {
        (self.inner.notify)(self.status());
    }

    fn spawn_demo(&self, cl: Arc<CloudLens>) {
        let total = self.inner.config.demo_lines;
        self.set_work(Work::LoadingDemo(Progress { done: 0, total }));
        self.notify_status();
        let s = self.clone();
        thread::spawn(move || {
            let today = chrono::DateTime::from_timestamp((s.inner.config.clock)(), 0)
                .map(|t| t.date_naive())
                .unwrap_or_default();
            let opts = DemoOptions {
                lines: total,
                seed: s.inner.config.demo_seed,
                end: today.pred_opt().unwrap_or(today),
            };
            let mut last_pct = u64::MAX;
            let result = cl.load_demo(&opts, s.inner.config.clock, &s.inner.cancel, &mut |p| {
                let pct = p.done * 100 / p.total.max(1);
                if pct != last_pct {
                    last_pct = pct;
                    s.set_work(Work::LoadingDemo(p));
                    s.notify_status();
                }
            });
            match result {
                Ok(_) => s.become_ready(cl),
                Err(e) => s.set(State::Failed(e)),
            }
        });
    }
}

/// A poisoned lock only means another thread panicked mid-update; the state
/// itself is still a valid enum, so carry on with it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
