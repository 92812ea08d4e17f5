//! `CloudLens`: an open store and the operations on it. Views read through
//! read-only connections and see the last commit, so they answer while an
//! import or a sync is writing; writes go through the one writing
//! connection, held by one operation at a time. Every operation takes
//! `&self`, so callers share one `CloudLens` across threads.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use cloudlens_store::{
    AuditAction, AuditRecord, Auditor, KeySource, PooledReader, ReadPool, RunKind, SecretHome,
    Store,
};

use crate::explore::snapshots::Snapshots;
use crate::{ApiError, ErrorCode};

/// Who makes the changes the audit log records, and the clock that dates
/// them: given by the front end (the shell or the CLI), never read here.
#[derive(Debug, Clone)]
pub struct Actor {
    pub os_user: String,
    pub clock: fn() -> i64,
}

impl Actor {
    /// A user whose clock stands at 2025-06-15 00:00 UTC: for tests and
    /// fixtures, whose audit entries must not depend on when they run.
    pub fn fixed(os_user: &str) -> Actor {
        Actor {
            os_user: os_user.to_string(),
            clock: || 1_749_945_600,
        }
    }
}

pub struct CloudLens {
    writer: Mutex<Store>,
    audit_mode: bool,
    actor: Actor,
    /// Where the install's audit signing key lives.
    pub(crate) key_home: SecretHome,
    /// The signing identity, made on the first change (never in audit mode).
    auditor: Mutex<Option<Arc<Auditor>>>,
    /// Imports and demo loads holding or about to take the writer: other
    /// writes are refused at once meanwhile instead of waiting minutes.
    long_writes: AtomicUsize,
    readers: ReadPool,
    /// The explorer's in-memory snapshot, rebuilt when the store generation moves.
    pub(crate) snapshots: Snapshots,
    /// Held by a detection run or feedback that re-judges days, so one never
    /// overwrites what the other just decided.
    anomaly_work: Mutex<()>,
    /// Days read in this zone instead of the store's (`use_day_zone`).
    pub(crate) view_zone: std::sync::OnceLock<cloudlens_model::DayZone>,
}

/// The writer held by a long write; other writes are refused until it drops.
pub(crate) struct LongWrite<'a> {
    store: MutexGuard<'a, Store>,
    count: &'a AtomicUsize,
}

/// A long write announced before its thread takes the writer, so writes
/// are refused from the moment the import is accepted.
pub(crate) struct AnnouncedWrite(Arc<CloudLens>);

impl Drop for AnnouncedWrite {
    fn drop(&mut self) {
        self.0.long_writes.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Deref for LongWrite<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl DerefMut for LongWrite<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

impl Drop for LongWrite<'_> {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
    }
}

pub fn audit_mode_error() -> ApiError {
    ApiError::new(
        ErrorCode::AuditMode,
        "the store is open in audit mode (read-only): changes are refused",
    )
}

fn busy_writing() -> ApiError {
    ApiError::new(
        ErrorCode::Busy,
        "an import is writing to the store; try again when it has finished",
    )
}

impl CloudLens {
    pub fn open(path: &Path, key: &KeySource, actor: Actor) -> Result<Self, ApiError> {
        let store = Store::open(path, key)?;
        Ok(Self::over(store, crate::secret_home(key), actor))
    }

    /// Opens an existing store read-only: every change is refused with
    /// `audit_mode`, every view, report and export works.
    pub fn open_audit(path: &Path, key: &KeySource, actor: Actor) -> Result<Self, ApiError> {
        let store = Store::open_audit(path, key)?;
        Ok(Self::over(store, crate::secret_home(key), actor))
    }

    pub(crate) fn over(store: Store, key_home: SecretHome, actor: Actor) -> Self {
        Self {
            readers: store.read_pool(),
            audit_mode: store.is_audit_mode(),
            writer: Mutex::new(store),
            long_writes: AtomicUsize::new(0),
            snapshots: Snapshots::default(),
            actor,
            key_home,
            auditor: Mutex::new(None),
            anomaly_work: Mutex::new(()),
            view_zone: std::sync::OnceLock::new(),
        }
    }

    /// The same store reopened read-only (`audit`) or writable, without
    /// deriving its key again: the Settings switch.
    pub(crate) fn reopened(&self, audit: bool) -> Result<CloudLens, ApiError> {
        let store = self
            .writer
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .reopen_as(audit)?;
        Ok(Self::over(store, self.key_home.clone(), self.actor.clone()))
    }

    pub fn is_audit_mode(&self) -> bool {
        self.audit_mode
    }

    /// `Err(audit_mode)` in audit mode: every change asks first.
    pub(crate) fn refuse_in_audit_mode(&self) -> Result<(), ApiError> {
        if self.audit_mode {
            Err(audit_mode_error())
        } else {
            Ok(())
        }
    }

    /// The front end's clock (Unix seconds).
    pub(crate) fn now(&self) -> i64 {
        (self.actor.clock)()
    }

    pub(crate) fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The install's signing identity for the audit log, made on first use
    /// (a sync's own writer signs its windows with it).
    pub fn auditor(&self, store: &mut Store) -> Result<Arc<Auditor>, ApiError> {
        self.refuse_in_audit_mode()?;
        let mut slot = self.auditor.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(a) = &*slot {
            return Ok(Arc::clone(a));
        }
        let key = store
            .audit_log_mut()
            .signing_key_or_create(&self.key_home)?;
        let auditor = Arc::new(Auditor {
            key,
            os_user: self.actor.os_user.clone(),
            clock: self.actor.clock,
        });
        *slot = Some(Arc::clone(&auditor));
        Ok(auditor)
    }

    /// Runs one change on the writing connection and appends its audit
    /// entry in the same transaction: both land or neither does. `change`
    /// returns its value and the record (`None`: nothing changed after all).
    pub(crate) fn change<T>(
        &self,
        change: impl FnOnce(&mut Store) -> Result<(T, Option<AuditRecord>), ApiError>,
    ) -> Result<T, ApiError> {
        let mut store = self.writer()?;
        self.change_on(&mut store, change)
    }

    /// [`CloudLens::change`] on a writer already held (a long write).
    pub(crate) fn change_on<T>(
        &self,
        store: &mut Store,
        change: impl FnOnce(&mut Store) -> Result<(T, Option<AuditRecord>), ApiError>,
    ) -> Result<T, ApiError> {
        let auditor = self.auditor(store)?;
        Ok(store.audited(&auditor, change)?.0)
    }

    /// The one-line form for a change whose record is known before it runs:
    /// `cl.logged(AuditRecord::new(AuditAction::BudgetSave, &name).after(..), |s| ..)`.
    pub(crate) fn logged<T>(
        &self,
        record: AuditRecord,
        change: impl FnOnce(&mut Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.change(|s| Ok((change(s)?, Some(record))))
    }

    /// Records something done outside the store (a report or pack written
    /// to a file); in audit mode nothing can be recorded, so nothing is.
    pub(crate) fn record(&self, record: AuditRecord) -> Result<(), ApiError> {
        if self.audit_mode {
            return Ok(());
        }
        self.logged(record, |_| Ok(()))
    }

    /// Anomaly detection's turn: one detection run or re-judging feedback
    /// at a time.
    pub(crate) fn anomaly_work(&self) -> MutexGuard<'_, ()> {
        self.anomaly_work.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A read-only connection of the caller's own: it sees the last commit
    /// and never waits for a writer.
    pub(crate) fn reader(&self) -> Result<PooledReader<'_>, ApiError> {
        Ok(self.readers.get()?)
    }

    /// The writing connection, for a short write (or a sync's own writer,
    /// `Store::reopen`). Refused with `Busy` while an import or the demo
    /// load is writing; otherwise waits only for another short write.
    pub fn writer(&self) -> Result<MutexGuard<'_, Store>, ApiError> {
        self.refuse_in_audit_mode()?;
        loop {
            if self.long_writes.load(Ordering::SeqCst) > 0 {
                return Err(busy_writing());
            }
            match self.writer.try_lock() {
                Ok(guard) => return Ok(guard),
                // The store itself is intact; a writer that panicked rolled back.
                Err(TryLockError::Poisoned(p)) => return Ok(p.into_inner()),
                Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    }

    /// The writing connection for an import or the demo load; other writes
    /// are refused until it is dropped, reads carry on.
    pub(crate) fn long_writer(&self) -> Result<LongWrite<'_>, ApiError> {
        self.refuse_in_audit_mode()?;
        self.long_writes.fetch_add(1, Ordering::SeqCst);
        let store = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        Ok(LongWrite {
            store,
            count: &self.long_writes,
        })
    }

    /// Refuses other writes from now until the returned value drops: for a
    /// long write that a thread about to start will do.
    pub(crate) fn announce_long_write(self: &Arc<Self>) -> AnnouncedWrite {
        self.long_writes.fetch_add(1, Ordering::SeqCst);
        AnnouncedWrite(Arc::clone(self))
    }

    /// Sets (or clears, `None`) a setting; a change is recorded in the log.
    pub(crate) fn set_setting(&self, key: &str, value: Option<&str>) -> Result<(), ApiError> {
        self.change(|store| {
            let before = store.settings().get(key)?;
            store.settings_mut().set(key, value)?;
            let record = (before.as_deref() != value).then(|| AuditRecord {
                before,
                after: value.map(str::to_string),
                ..AuditRecord::new(AuditAction::SettingSet, key)
            });
            Ok(((), record))
        })
    }

    /// The pool of read-only connections (backups read through it).
    pub(crate) fn read_pool(&self) -> &ReadPool {
        &self.readers
    }

    /// The writing connection, once nothing else holds this `CloudLens`
    /// (readers and caches are closed with it): for a restore.
    pub(crate) fn into_store(self) -> Store {
        let CloudLens { writer, .. } = self;
        writer.into_inner().unwrap_or_else(|p| p.into_inner())
    }

    pub fn line_count(&self) -> Result<u64, ApiError> {
        Ok(self.reader()?.lines().line_count()?)
    }

    /// Whether any demo run is in the store.
    pub fn has_demo(&self) -> Result<bool, ApiError> {
        let runs = self.reader()?.lines().runs()?;
        Ok(runs.iter().any(|r| r.kind == RunKind::Demo))
    }

    /// Removes every demo run, leaving imported and synced data alone.
    pub fn remove_demo(&self) -> Result<u64, ApiError> {
        self.change(|store| {
            let demo: Vec<_> = store
                .lines()
                .runs()?
                .into_iter()
                .filter(|r| r.kind == RunKind::Demo)
                .collect();
            for run in &demo {
                store.lines_mut().remove_run(run.id)?;
            }
            crate::recommendations::remove_demo_inventory(store)?;
            let lines: u64 = demo.iter().map(|r| r.lines).sum();
            let record = (!demo.is_empty()).then(|| {
                AuditRecord::new(AuditAction::DemoRemove, "demo dataset")
                    .before(format!("{} runs, {lines} lines", demo.len()))
            });
            Ok((lines, record))
        })
    }

    /// Folds the write-ahead log into the main file, so its size is the
    /// store's real size. Nothing to fold in audit mode.
    pub fn checkpoint(&self) -> Result<(), ApiError> {
        if self.audit_mode {
            return Ok(());
        }
        Ok(self.writer()?.checkpoint()?)
    }
}
