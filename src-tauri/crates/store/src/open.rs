//! Opening (or creating) an encrypted store.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::{backup, dsum, schema, KeySource, ReadPool, StoreError, StoreKey};

/// SQLCipher page size of every CloudLens store.
pub const PAGE_SIZE: u32 = 32_768;

/// How long a statement waits for another connection's write lock before
/// failing with [`StoreError::Locked`]: a second writer (the CLI beside the
/// app, a sync beside a rule change) waits out a short write instead of
/// failing at once.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// A connection to the store that may write; every write goes through one
/// (the area handles' `_mut` accessors need `&mut Store`). It keeps the key,
/// so read-only connections ([`Store::read_pool`]) and other writers
/// ([`Store::reopen`]) open without deriving it again.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) key: StoreKey,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store at `path`, creating it (and its key) when the file does
    /// not exist or is empty, and brings its schema up to date. A wrong key
    /// is reported as [`StoreError::WrongKey`].
    pub fn open(path: &Path, source: &KeySource) -> Result<Store, StoreError> {
        let key = match (read_salt(path)?, source) {
            (Some(salt), source) => existing_key(path, salt, source)?,
            (None, KeySource::Keychain(kc)) => {
                let key = StoreKey::random(StoreKey::new_salt());
                kc.save(&key)?;
                key
            }
            (None, KeySource::Passphrase(p)) => StoreKey::from_passphrase(p, StoreKey::new_salt())?,
        };
        Self::open_keyed(path, key, Access::ReadWrite)
    }

    pub fn open_with_key(path: &Path, key: &StoreKey) -> Result<Store, StoreError> {
        Self::open_keyed(path, key.copy(), Access::ReadWrite)
    }

    /// Opens with the given access: read-write (creating and migrating the
    /// store) or audit (read-only, never created or migrated; see
    /// `audit/mode.rs`).
    pub(crate) fn open_keyed(
        path: &Path,
        key: StoreKey,
        access: Access,
    ) -> Result<Store, StoreError> {
        match access {
            Access::ReadWrite => Self::open_migrating(path, key, schema::AREAS),
            Access::Audit => crate::audit::open_read_only(path, key),
        }
    }
    /// Opens the store and applies the pending steps of `areas`. A store
    /// with steps pending is first backed up (under its own key, beside it
    /// in `backups/`); when a step fails, the store is put back from that
    /// backup and the error says which step failed.
    pub(crate) fn open_migrating(
        path: &Path,
        key: StoreKey,
        areas: &[&schema::Area],
    ) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        refuse_read_only(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let at = |e: StoreError| e.at(path);
        let mut conn = connect(path, &key, flags).map_err(at)?;
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(|e| StoreError::from(e).at(path))?;
        if schema::needs_upgrade(&conn, path).map_err(at)? {
            let backup = backup::before_upgrade(&conn, path, &key).map_err(at)?;
            if let Err(e) = schema::migrate_areas(&mut conn, path, areas) {
                drop(conn);
                return Err(restore_after_failed_upgrade(path, &backup, e));
            }
        } else {
            schema::migrate_areas(&mut conn, path, areas).map_err(at)?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            key,
        })
    }

    /// Another writing connection to the same store, for a writer on its
    /// own thread (a sync). SQLite serialises their write transactions.
    /// A store in audit mode reopens in audit mode.
    pub fn reopen(&self) -> Result<Store, StoreError> {
        self.reopen_as(self.is_audit_mode())
    }

    /// Another connection to the same store, read-only (`audit`) or not,
    /// without deriving the key again.
    pub fn reopen_as(&self, audit: bool) -> Result<Store, StoreError> {
        let access = if audit {
            Access::Audit
        } else {
            Access::ReadWrite
        };
        Self::open_keyed(&self.path, self.key.copy(), access)
    }

    /// Read-only connections to this store, opened as needed and reused.
    pub fn read_pool(&self) -> ReadPool {
        ReadPool::new(&self.path, self.key.copy())
    }

    /// Each area's name and how many of its migration steps the store has taken.
    pub fn area_versions(&self) -> Result<Vec<(String, u32)>, StoreError> {
        schema::area_versions(&self.conn)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The salt of the store at `path`, which names its keychain entry; `None`
    /// when there is no store there yet.
    pub fn salt_of(path: &Path) -> Result<Option<[u8; 16]>, StoreError> {
        read_salt(path)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    ReadWrite,
    Audit,
}

/// The key of the existing store at `path` (salt `salt`); never creates one.
pub(crate) fn existing_key(
    path: &Path,
    salt: [u8; 16],
    source: &KeySource,
) -> Result<StoreKey, StoreError> {
    match source {
        KeySource::Keychain(kc) => kc
            .load(salt)?
            .ok_or_else(|| StoreError::NoKeyInKeychain(path.to_path_buf())),
        KeySource::Passphrase(p) => StoreKey::from_passphrase(p, salt),
    }
}

/// SQLCipher writes the 16-byte salt at the start of the file. A missing or
/// empty file is a new store; a plain SQLite file is refused.
pub(crate) fn read_salt(path: &Path) -> Result<Option<[u8; 16]>, StoreError> {
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(StoreError::io(path, source)),
    };
    let mut salt = [0u8; 16];
    let mut read = 0;
    while read < salt.len() {
        match file.read(&mut salt[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => return Err(StoreError::io(path, source)),
        }
    }
    if read == 0 {
        return Ok(None);
    }
    if read < salt.len() {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: "the file is truncated".into(),
        });
    }
    if &salt == b"SQLite format 3\0" {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: "it is an unencrypted SQLite database".into(),
        });
    }
    Ok(Some(salt))
}

/// A SQLCipher connection with the key applied and checked, the page size
/// every store uses, and the exact `dsum` aggregate.
pub(crate) fn connect(
    path: &Path,
    key: &StoreKey,
    flags: OpenFlags,
) -> Result<Connection, StoreError> {
    // By default libcrypto frees its tables in an exit handler, while a
    // background read may still be decrypting pages: the process then dies
    // with SIGSEGV on its way out. This initialises it without that handler.
    openssl_sys::init();
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLCipher logs failed page decryption to stderr; a wrong key is reported as an error instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.pragma_update(None, "key", &*key.pragma_value())?;
    // Not recorded in the (encrypted) header, so it must be the same on every
    // open. Large pages halve the per-line cost of bulk imports (fewer page
    // HMACs and B-tree splits); reads of the small rollup do not suffer.
    conn.execute_batch(&format!("PRAGMA cipher_page_size = {PAGE_SIZE};"))?;
    // The first read is where SQLCipher finds out whether the key fits.
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        return Err(match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::WrongKey(path.to_path_buf()),
            _ => e.into(),
        });
    }
    conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;")?;
    dsum::register(&conn)?;
    crate::lines::register_zone_day(&conn)?;
    Ok(conn)
}

impl Store {
    /// Folds the write-ahead log into the main file (when no reader holds
    /// an older snapshot), so the file's size is the store's real size.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// An existing store file or folder that cannot be written is refused up
/// front, by name, rather than failing at the first write. (Root ignores
/// permission bits, but not a read-only mount.)
fn refuse_read_only(path: &Path) -> Result<(), StoreError> {
    match fs::OpenOptions::new().read(true).write(true).open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(match StoreError::io(path, e) {
                StoreError::ReadOnly(p) => StoreError::ReadOnly(p),
                other => other,
            })
        }
    }
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    };
    // The write-ahead log and its index live beside the store.
    let probe = dir.join(format!(
        ".{}.write-test",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => match StoreError::io(&dir, e) {
            StoreError::ReadOnly(_) => Err(StoreError::ReadOnly(path.to_path_buf())),
            StoreError::DiskFull(_) => Ok(()),
            other => Err(other),
        },
    }
}

/// Puts the backup taken before a failed upgrade step back in place of the
/// store and turns the failure into a message naming both. Other failures
/// (a lock, a full disk) rolled back before anything changed: the file is
/// left alone, since another process may have it open.
fn restore_after_failed_upgrade(path: &Path, backup: &Path, failure: StoreError) -> StoreError {
    let StoreError::MigrationFailed {
        path: store,
        area,
        step,
        reason,
        ..
    } = failure
    else {
        return failure.at(path);
    };
    let staged = {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".restoring");
        path.with_file_name(name)
    };
    let restored =
        backup::copy_closed(backup, &staged).and_then(|()| backup::replace_store(&staged, path));
    match restored {
        Ok(()) => StoreError::MigrationFailed {
            path: store,
            area,
            step,
            reason,
            backup: Some(backup.to_path_buf()),
        },
        Err(e) => StoreError::MigrationFailed {
            path: store,
            area,
            step,
            reason: format!(
                "{reason}; putting back the backup {} also failed: {e}",
                backup.display()
            ),
            backup: None,
        },
    }
}
