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

use cloudlens_store::{KeySource, PooledReader, ReadPool, RunKind, Store};

use crate::explore::snapshots::Snapshots;
use crate::{ApiError, ErrorCode};

pub struct CloudLens {
    writer: Mutex<Store>,
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

fn busy_writing() -> ApiError {
    ApiError::new(
        ErrorCode::Busy,
        "an import is writing to the store; try again when it has finished",
    )
}

impl CloudLens {
    pub fn open(path: &Path, key: &KeySource) -> Result<Self, ApiError> {
        let store = Store::open(path, key)?;
        Ok(Self {
            readers: store.read_pool(),
            writer: Mutex::new(store),
            long_writes: AtomicUsize::new(0),
            snapshots: Snapshots::default(),
            anomaly_work: Mutex::new(()),
            view_zone: std::sync::OnceLock::new(),
        })
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
    pub(crate) fn long_writer(&self) -> LongWrite<'_> {
        self.long_writes.fetch_add(1, Ordering::SeqCst);
        let store = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        LongWrite {
            store,
            count: &self.long_writes,
        }
    }

    /// Refuses other writes from now until the returned value drops: for a
    /// long write that a thread about to start will do.
    pub(crate) fn announce_long_write(self: &Arc<Self>) -> AnnouncedWrite {
        self.long_writes.fetch_add(1, Ordering::SeqCst);
        AnnouncedWrite(Arc::clone(self))
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
        let mut store = self.writer()?;
        let demo: Vec<_> = store
            .lines()
            .runs()?
            .into_iter()
            .filter(|r| r.kind == RunKind::Demo)
            .collect();
        for run in &demo {
            store.lines_mut().remove_run(run.id)?;
        }
        crate::recommendations::remove_demo_inventory(&mut store)?;
        Ok(demo.iter().map(|r| r.lines).sum())
    }

    /// Folds the write-ahead log into the main file, so its size is the
    /// store's real size.
    pub fn checkpoint(&self) -> Result<(), ApiError> {
        Ok(self.writer()?.checkpoint()?)
    }
}
