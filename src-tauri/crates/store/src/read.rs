//! Read-only connections. In WAL mode a reader sees the last committed state
//! of the store and neither waits for a writer nor makes one wait: an import
//! or a sync can hold its write transaction open while every view reads.
//! The pool opens readers with the writer's key (no key derivation) as they
//! are needed and keeps a few idle ones for reuse.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

use crate::open::connect;
use crate::{schema, StoreError, StoreKey};

/// A read-only connection; its area handles (`reader.lines()`...) offer
/// only reads.
pub struct Reader {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Reader {
    fn open(path: &Path, key: &StoreKey) -> Result<Reader, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(path, key, flags)?;
        // Readers stay open in the pool: a smaller page cache each keeps the
        // memory they hold between reads bounded (scans stream anyway).
        conn.execute_batch("PRAGMA cache_size = -16384;")?;
        let layout: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if layout != schema::LAYOUT {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                reason: format!(
                    "its schema layout is {layout}, not {}: open it for writing first",
                    schema::LAYOUT
                ),
            });
        }
        Ok(Reader {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Idle readers kept for reuse; more are opened when several reads run at
/// once, and closed when they come back beyond this.
const KEEP_IDLE: usize = 4;

/// Read-only connections to one store (see [`crate::Store::read_pool`]).
pub struct ReadPool {
    pub(crate) path: PathBuf,
    pub(crate) key: StoreKey,
    idle: Mutex<Vec<Reader>>,
}

impl std::fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadPool")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl ReadPool {
    pub(crate) fn new(path: &Path, key: StoreKey) -> Self {
        Self {
            path: path.to_path_buf(),
            key,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A reader of its own for the caller; it goes back to the pool on drop.
    pub fn get(&self) -> Result<PooledReader<'_>, StoreError> {
        let idle = self.idle().pop();
        let reader = match idle {
            Some(r) => r,
            None => Reader::open(&self.path, &self.key)?,
        };
        Ok(PooledReader {
            pool: self,
            reader: Some(reader),
        })
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Reader>> {
        // A poisoned lock only means a thread panicked while pushing or
        // popping; the list itself is intact.
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A reader borrowed from a [`ReadPool`].
pub struct PooledReader<'p> {
    pool: &'p ReadPool,
    reader: Option<Reader>,
}

impl Deref for PooledReader<'_> {
    type Target = Reader;

    fn deref(&self) -> &Reader {
        // Present from creation until drop.
        self.reader.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for PooledReader<'_> {
    fn drop(&mut self) {
        let Some(reader) = self.reader.take() else {
            return;
        };
        // A reader left inside a transaction would pin an old snapshot.
        if !reader.conn.is_autocommit() {
            return;
        }
        let mut idle = self.pool.idle();
        if idle.len() < KEEP_IDLE {
            idle.push(reader);
        }
    }
}

/// Runs `f` inside one read transaction, so several reads see the same
/// commit; inside a transaction already (a writer's), `f` just runs in it.
pub(crate) fn consistent<T, E: From<StoreError>>(
    conn: &Connection,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    if !conn.is_autocommit() {
        return f();
    }
    let tx = conn.unchecked_transaction().map_err(StoreError::from)?;
    let out = f();
    // Nothing was written; ending the transaction releases the snapshot.
    drop(tx);
    out
}
