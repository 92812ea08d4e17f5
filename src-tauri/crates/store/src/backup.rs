//! Encrypted backups of a store and restoring one. A backup is a complete
//! store file written by SQLCipher's `sqlcipher_export` inside one read
//! transaction, so it holds exactly one commit; it is encrypted either with
//! the store's own key (same salt: it opens like the store, with the same
//! keychain entry or passphrase) or with a key derived from a passphrase of
//! its own. It is written beside its destination and renamed into place, so
//! an interrupted backup never leaves a partial file under the final name.
//!
//! Restoring writes the backup's content into a new file under the current
//! store's key, checks it, then renames it over the store: the store is
//! either the old one or the restored one, never a mix.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::open::connect;
use crate::{schema, KeySource, ReadPool, Store, StoreError, StoreKey};

/// How a backup file is encrypted.
pub enum BackupKey {
    /// The store's own key and salt.
    StoreKey,
    /// A key derived with Argon2id from this passphrase and a new salt.
    Passphrase(Zeroizing<String>),
}

/// What a backup or a restore copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub bytes: u64,
    pub lines: u64,
    pub runs: u64,
}

/// Backups taken before an upgrade are kept beside the store, this many.
pub const KEEP_UPGRADE_BACKUPS: usize = 3;

impl Store {
    /// Writes an encrypted copy of the store's last commit to `out`.
    pub fn backup_to(&self, out: &Path, key: &BackupKey) -> Result<BackupInfo, StoreError> {
        backup_file(&self.path, &self.key, out, key)
    }

    /// Replaces the store at `path` with the content of `backup`. The
    /// existing store keeps its own key (`store_key` opens it); a missing
    /// one takes the backup's. The backup opens with `backup_passphrase`
    /// or, without one, with the key `store_key` gives for its salt (a
    /// backup under a store's own key). Refuses a backup written by a newer
    /// build. The restored store is upgraded, if it needs it, the next
    /// time it is opened.
    pub fn restore(
        path: &Path,
        store_key: &KeySource,
        backup: &Path,
        backup_passphrase: Option<&str>,
    ) -> Result<BackupInfo, StoreError> {
        let current = match Store::salt_of(path)? {
            Some(_) => Some(Store::key_for(path, store_key)?),
            None => None,
        };
        restore_with(path, current, store_key, backup, backup_passphrase)
    }

    /// [`Store::restore`] over this store, which is closed first and keeps
    /// its key.
    pub fn restore_over(
        self,
        store_key: &KeySource,
        backup: &Path,
        backup_passphrase: Option<&str>,
    ) -> Result<BackupInfo, StoreError> {
        let Store { conn, path, key } = self;
        drop(conn);
        restore_with(&path, Some(key), store_key, backup, backup_passphrase)
    }

    /// The key a source gives for the existing store at `path`.
    pub(crate) fn key_for(path: &Path, source: &KeySource) -> Result<StoreKey, StoreError> {
        let salt = Store::salt_of(path)?.ok_or_else(|| StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: "the file is empty or missing".into(),
        })?;
        match source {
            KeySource::Keychain(kc) => kc
                .load(salt)?
                .ok_or_else(|| StoreError::NoKeyInKeychain(path.to_path_buf())),
            KeySource::Passphrase(p) => StoreKey::from_passphrase(p, salt),
        }
    }
}

impl ReadPool {
    /// [`Store::backup_to`] without the writing connection: a backup never
    /// holds up the app's writes.
    pub fn backup_to(&self, out: &Path, key: &BackupKey) -> Result<BackupInfo, StoreError> {
        backup_file(&self.path, &self.key, out, key)
    }
}

fn backup_file(
    path: &Path,
    store_key: &StoreKey,
    out: &Path,
    key: &BackupKey,
) -> Result<BackupInfo, StoreError> {
    let key = match key {
        BackupKey::StoreKey => store_key.copy(),
        BackupKey::Passphrase(p) => StoreKey::from_passphrase(p, StoreKey::new_salt())?,
    };
    export_file(path, store_key, out, &key)?;
    info_of(out, &key)
}

fn restore_with(
    path: &Path,
    current: Option<StoreKey>,
    store_key: &KeySource,
    backup: &Path,
    backup_passphrase: Option<&str>,
) -> Result<BackupInfo, StoreError> {
    let Some(salt) = Store::salt_of(backup)? else {
        return Err(StoreError::NotAStore {
            path: backup.to_path_buf(),
            reason: "the file is empty or missing".into(),
        });
    };
    // Without a passphrase, the backup must be under a store key: the
    // current store's, or the one `store_key` gives for the backup's salt.
    let guessed = backup_passphrase.is_none();
    let from_key = match (backup_passphrase, &current) {
        (Some(p), _) => StoreKey::from_passphrase(p, salt)?,
        (None, Some(k)) if k.salt() == salt => k.copy(),
        (None, _) => Store::key_for(backup, store_key).map_err(|e| needs_passphrase(e, backup))?,
    };
    let source = connect(
        backup,
        &from_key,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| {
        if guessed {
            needs_passphrase(e, backup)
        } else {
            e
        }
    })?;
    schema::refuse_newer(&source, backup)?;
    drop(source);
    let target_key = current.unwrap_or_else(|| from_key.copy());
    let staged = sibling(path, "restoring");
    export_file(backup, &from_key, &staged, &target_key)?;
    let info = info_of(&staged, &target_key)?;
    replace_store(&staged, path)?;
    Ok(BackupInfo {
        path: path.to_path_buf(),
        ..info
    })
}

fn needs_passphrase(e: StoreError, backup: &Path) -> StoreError {
    match e {
        StoreError::WrongKey(_) | StoreError::NoKeyInKeychain(_) => {
            StoreError::BackupPassphraseNeeded(backup.to_path_buf())
        }
        other => other,
    }
}

/// `path` with `.suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

/// Exports the last commit seen by `conn` into a new file at `out`, keyed
/// with `key`, through a temporary sibling renamed into place.
fn export(conn: &Connection, out: &Path, key: &StoreKey) -> Result<(), StoreError> {
    let partial = prepare_partial(out)?;
    let layout: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let result = with_attached(conn, &partial, key, "backup", || {
        copy_all(conn, "backup", "main", layout)
    });
    finish_partial(result, &partial, out)
}

/// Copies the store at `from` (opened with `from_key`) into a new file at
/// `out` keyed with `key`. The new file is the main database of the copying
/// connection, so `from` may sit on read-only media.
fn export_file(
    from: &Path,
    from_key: &StoreKey,
    out: &Path,
    key: &StoreKey,
) -> Result<(), StoreError> {
    let partial = prepare_partial(out)?;
    let result = (|| {
        let conn = connect(
            &partial,
            key,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        with_attached(&conn, from, from_key, "source", || {
            let layout: i64 = conn.query_row("PRAGMA source.user_version", [], |r| r.get(0))?;
            copy_all(&conn, "main", "source", layout)
        })
    })();
    finish_partial(result, &partial, out)
}

fn prepare_partial(out: &Path) -> Result<PathBuf, StoreError> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    let partial = sibling(out, "partial");
    remove_if_present(&partial)?;
    Ok(partial)
}

/// Renames a complete copy into place, or removes a failed one.
fn finish_partial(
    result: Result<(), StoreError>,
    partial: &Path,
    out: &Path,
) -> Result<(), StoreError> {
    if let Err(e) = result {
        let _ = fs::remove_file(partial);
        return Err(e.at(out));
    }
    sync_file(partial)?;
    fs::rename(partial, out).map_err(|e| StoreError::io(out, e))?;
    sync_dir(out);
    Ok(())
}

/// Runs `f` with the store file at `path` attached to `conn` as `name`.
fn with_attached(
    conn: &Connection,
    path: &Path,
    key: &StoreKey,
    name: &str,
    f: impl FnOnce() -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    // Attaching reads the file's first page, which needs the page size
    // already (every store has the same one).
    conn.execute_batch(&format!(
        "PRAGMA cipher_default_page_size = {};",
        crate::PAGE_SIZE
    ))?;
    conn.execute(
        &format!("ATTACH DATABASE ?1 AS {name} KEY ?2"),
        rusqlite::params![path.to_string_lossy(), &*key.pragma_value()],
    )?;
    let done = conn
        .execute_batch(&format!(
            "PRAGMA {name}.cipher_page_size = {};",
            crate::PAGE_SIZE
        ))
        .map_err(StoreError::from)
        .and_then(|()| f());
    let detached = conn.execute_batch(&format!("DETACH DATABASE {name}"));
    done?;
    detached?;
    Ok(())
}

/// Every table, index, trigger and row of `source` into the empty
/// `target`, in one transaction, so the copy is one commit of the source.
fn copy_all(conn: &Connection, target: &str, source: &str, layout: i64) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    conn.query_row(
        "SELECT sqlcipher_export(?1, ?2)",
        rusqlite::params![target, source],
        |_| Ok(()),
    )?;
    conn.execute_batch(&format!("PRAGMA {target}.user_version = {layout};"))?;
    tx.commit()?;
    Ok(())
}

/// Opens a written backup to check it (SQLCipher's page checks and
/// SQLite's quick check) and count what it holds.
fn info_of(path: &Path, key: &StoreKey) -> Result<BackupInfo, StoreError> {
    let conn = connect(
        path,
        key,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let problems = crate::check::page_problems(&conn, true)?;
    if let Some(first) = problems.first() {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            reason: format!("the copy does not check out: {first}"),
        });
    }
    let has_runs: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'run'",
        [],
        |r| r.get(0),
    )?;
    let (lines, runs) = if has_runs {
        conn.query_row(
            "SELECT coalesce(sum(lines), 0), count(*) FROM run",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )?
    } else {
        (0, 0)
    };
    let bytes = fs::metadata(path)
        .map_err(|e| StoreError::io(path, e))?
        .len();
    Ok(BackupInfo {
        path: path.to_path_buf(),
        bytes,
        lines,
        runs,
    })
}

/// Puts `staged` in place of the store at `path`. The store's write-ahead
/// log and shared memory belong to the old file and go with it.
pub(crate) fn replace_store(staged: &Path, path: &Path) -> Result<(), StoreError> {
    for suffix in ["wal", "shm"] {
        let side = sibling(path, suffix);
        // A log left beside the restored file would be replayed into it.
        remove_if_present(&side)?;
    }
    fs::rename(staged, path).map_err(|e| StoreError::io(path, e))?;
    sync_dir(path);
    Ok(())
}

/// Copies the store file at `from` (closed, no log) to a new file at
/// `to`, durably.
pub(crate) fn copy_closed(from: &Path, to: &Path) -> Result<(), StoreError> {
    let partial = sibling(to, "partial");
    fs::copy(from, &partial).map_err(|e| StoreError::io(to, e))?;
    sync_file(&partial)?;
    fs::rename(&partial, to).map_err(|e| StoreError::io(to, e))?;
    sync_dir(to);
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), StoreError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

fn sync_file(path: &Path) -> Result<(), StoreError> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(path, e))
}

/// Makes a rename durable. Best effort: some filesystems refuse to sync a
/// directory, and the rename itself has already happened.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Where the backups taken before upgrades of the store at `path` live.
pub fn upgrade_backup_dir(path: &Path) -> PathBuf {
    path.with_file_name("backups")
}

/// The backups taken before upgrades of the store at `path`, oldest first,
/// with their sequence numbers.
pub fn upgrade_backups(path: &Path) -> Vec<(u64, PathBuf)> {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!("{stem}.before-upgrade-");
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(upgrade_backup_dir(path))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let seq = name.strip_prefix(&prefix)?.parse::<u64>().ok()?;
            Some((seq, e.path()))
        })
        .collect();
    found.sort();
    found
}

/// Backs the store up under its own key before an upgrade, keeping the
/// last [`KEEP_UPGRADE_BACKUPS`]. Numbered rather than dated: the store
/// does not read the clock, and the file's own time says when.
pub(crate) fn before_upgrade(
    conn: &Connection,
    path: &Path,
    key: &StoreKey,
) -> Result<PathBuf, StoreError> {
    let existing = upgrade_backups(path);
    let next = existing.last().map_or(1, |(seq, _)| seq + 1);
    let name = format!(
        "{}.before-upgrade-{next}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let out = upgrade_backup_dir(path).join(name);
    export(conn, &out, key)?;
    let all = upgrade_backups(path);
    let surplus = all.len().saturating_sub(KEEP_UPGRADE_BACKUPS);
    for (_, old) in all.into_iter().take(surplus) {
        let _ = fs::remove_file(old);
    }
    Ok(out)
}
