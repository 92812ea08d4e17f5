//! Faults that need the store's insides: a migration step that fails, a
//! backup from a newer build, each invariant of `check` broken on purpose,
//! and another connection holding the store's locks.

use std::path::{Path, PathBuf};

use rusqlite::params;
use zeroize::Zeroizing;

use crate::schema::{Area, Step, AREAS};
use crate::{upgrade_backups, KeySource, Store, StoreError, StoreKey, KEEP_UPGRADE_BACKUPS};

const FIXTURE_PASSPHRASE: &str = "cloudlens-fixture";

fn v4_copy(dir: &Path) -> PathBuf {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/fixtures/stores/store-v4.db");
    let db = dir.join("store.db");
    std::fs::copy(from, &db).unwrap();
    db
}

fn fixture_key(db: &Path) -> StoreKey {
    let salt = Store::salt_of(db).unwrap().unwrap();
    StoreKey::from_passphrase(FIXTURE_PASSPHRASE, salt).unwrap()
}

const BROKEN: Area = Area {
    name: "broken",
    steps: &[
        Step::Sql("CREATE TABLE broken_one (id INTEGER PRIMARY KEY);"),
        Step::Sql("INSERT INTO no_such_table VALUES (1);"),
    ],
};

#[test]
fn a_failed_upgrade_says_which_step_failed_and_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = v4_copy(dir.path());
    let mut areas: Vec<&Area> = AREAS.to_vec();
    areas.push(&BROKEN);
    let err = Store::open_migrating(&db, fixture_key(&db), &areas).unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::MigrationFailed { ref area, step: 2, backup: Some(_), .. } if area == "broken"),
        "{text}"
    );
    assert!(text.contains("no_such_table"), "{text}");
    assert!(text.contains("restored from the backup"), "{text}");
    // The store is the V4 store again: its old layout, none of the new steps.
    let raw = crate::open::connect(
        &db,
        &fixture_key(&db),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let layout: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(layout, 4);
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE name IN ('schema_area', 'broken_one')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.is_empty(), "{tables:?}");
    let lines: i64 = raw
        .query_row("SELECT count(*) FROM line", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 3263);
    drop(raw);
    // Nothing of the upgrade stayed: the real build upgrades it normally.
    let store = Store::open_with_key(&db, &fixture_key(&db)).unwrap();
    assert_eq!(store.area_versions().unwrap().len(), AREAS.len());
    assert!(store.check().unwrap().ok());
}

#[test]
fn only_the_last_few_upgrade_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = v4_copy(dir.path());
    let key = fixture_key(&db);
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_CREATE;
    let conn = crate::open::connect(&db, &key, flags).unwrap();
    for _ in 0..KEEP_UPGRADE_BACKUPS + 2 {
        crate::backup::before_upgrade(&conn, &db, &key).unwrap();
    }
    let kept: Vec<u64> = upgrade_backups(&db).into_iter().map(|(n, _)| n).collect();
    assert_eq!(kept, vec![3, 4, 5]);
}

#[test]
fn a_backup_from_a_newer_build_is_refused_and_the_store_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let pass = |p: &str| KeySource::Passphrase(Zeroizing::new(p.into()));
    let db = dir.path().join("store.db");
    let mut store = Store::open(&db, &pass("mine")).unwrap();
    store.settings_mut().set("kept", Some("yes")).unwrap();
    drop(store);
    let newer = dir.path().join("newer.db");
    let store = Store::open(&newer, &pass("theirs")).unwrap();
    store
        .conn
        .execute(
            "INSERT INTO schema_area (area, version) VALUES ('an_area_of_a_newer_build', 1)",
            [],
        )
        .unwrap();
    drop(store);
    let err = Store::restore(&db, &pass("mine"), &newer, Some("theirs")).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(!db.with_file_name("store.db.restoring").exists());
    let store = Store::open(&db, &pass("mine")).unwrap();
    assert_eq!(
        store.settings().get("kept").unwrap().as_deref(),
        Some("yes")
    );
}

/// The V4 fixture, upgraded, with `damage` done to it through SQL.
fn broken_check(damage: &str) -> Vec<(&'static str, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let db = v4_copy(dir.path());
    let store = Store::open_with_key(&db, &fixture_key(&db)).unwrap();
    assert!(store.check().unwrap().ok());
    store.conn.execute_batch(damage).unwrap();
    let report = store.check().unwrap();
    assert!(!report.ok());
    report
        .results
        .into_iter()
        .filter(|r| !r.problems.is_empty())
        .map(|r| (r.name, r.problems))
        .collect()
}

#[test]
fn check_reports_a_rollup_that_no_longer_equals_the_lines() {
    let found = broken_check(
        "UPDATE rollup_daily SET billed = billed + 1 WHERE day = (SELECT min(day) FROM rollup_daily)",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "rollup_matches_lines");
    assert!(
        found[0].1[0].contains("rows of the daily rollup differ"),
        "{found:?}"
    );
}

#[test]
fn check_reports_a_run_missing_lines_and_lines_without_a_run() {
    let found = broken_check(
        "DELETE FROM line WHERE id = (SELECT first_line FROM run WHERE id = 2); \
         UPDATE line SET run_id = 999 WHERE id = (SELECT first_line FROM run WHERE id = 3);",
    );
    let names: Vec<_> = found.iter().map(|f| f.0).collect();
    assert!(names.contains(&"run_lines_present"), "{found:?}");
    assert!(names.contains(&"lines_belong_to_runs"), "{found:?}");
    let runs = &found.iter().find(|f| f.0 == "run_lines_present").unwrap().1;
    assert!(
        runs.iter()
            .any(|p| p.starts_with("file run 2") && p.contains("records 12 lines, holds 11")),
        "{runs:?}"
    );
    let orphans = &found
        .iter()
        .find(|f| f.0 == "lines_belong_to_runs")
        .unwrap()
        .1;
    assert_eq!(
        orphans,
        &vec!["1 lines belong to run 999, which is not recorded".to_string()]
    );
}

#[test]
fn check_reports_a_done_sync_window_whose_run_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = v4_copy(dir.path());
    let store = Store::open_with_key(&db, &fixture_key(&db)).unwrap();
    // Bypasses remove_run on purpose: the window still says done.
    store
        .conn
        .execute("DELETE FROM run WHERE id = ?1", params![4])
        .unwrap();
    let report = store.check().unwrap();
    let windows = report
        .results
        .iter()
        .find(|r| r.name == "sync_windows_have_runs")
        .unwrap();
    assert_eq!(windows.problems.len(), 1, "{report:?}");
    assert!(windows.problems[0].contains("2025-06-01"), "{report:?}");
}

const LOCK_PASSPHRASE: &str = "lock-test-passphrase";

/// A store holding one setting, and a raw connection of its own to it
/// (another writer, as another process would be).
fn store_and_other_connection(dir: &Path) -> (PathBuf, KeySource, rusqlite::Connection) {
    let db = dir.join("store.db");
    let source = KeySource::Passphrase(Zeroizing::new(LOCK_PASSPHRASE.into()));
    let mut store = Store::open(&db, &source).unwrap();
    store.settings_mut().set("kept", Some("yes")).unwrap();
    drop(store);
    let key =
        StoreKey::from_passphrase(LOCK_PASSPHRASE, Store::salt_of(&db).unwrap().unwrap()).unwrap();
    let other =
        crate::open::connect(&db, &key, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
    (db, source, other)
}

fn assert_locked_naming(err: StoreError, db: &Path) {
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::Locked(ref p) if p == db),
        "{text}"
    );
    assert!(
        text.contains(&format!("the store at {}", db.display()))
            && text.contains("in use by another CloudLens process"),
        "{text}"
    );
}

#[test]
fn a_store_held_exclusively_by_another_connection_is_refused_by_name_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, source, other) = store_and_other_connection(dir.path());
    // What a process that keeps the store to itself holds: the file's
    // exclusive lock, so nothing else can even read it.
    other
        .execute_batch(
            "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; \
             INSERT INTO meta (key, value) VALUES ('other', 'uncommitted');",
        )
        .unwrap();
    let started = std::time::Instant::now();
    let err = Store::open(&db, &source).unwrap_err();
    assert!(started.elapsed() >= crate::open::BUSY_TIMEOUT / 2);
    assert_locked_naming(err, &db);

    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    let store = Store::open(&db, &source).unwrap();
    assert_eq!(
        store.settings().get("kept").unwrap().as_deref(),
        Some("yes")
    );
    assert_eq!(store.settings().get("other").unwrap(), None);
}

#[test]
fn a_write_while_another_connection_writes_is_refused_by_name_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, source, other) = store_and_other_connection(dir.path());
    let mut store = Store::open(&db, &source).unwrap();
    other
        .execute_batch(
            "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('other', 'uncommitted');",
        )
        .unwrap();
    let err = store
        .settings_mut()
        .set("kept", Some("changed"))
        .unwrap_err();
    assert_locked_naming(err, &db);
    // Reads go on meanwhile and see the last commit.
    assert_eq!(
        store.settings().get("kept").unwrap().as_deref(),
        Some("yes")
    );

    other.execute_batch("ROLLBACK").unwrap();
    store.settings_mut().set("kept", Some("changed")).unwrap();
    drop(store);
    let store = Store::open(&db, &source).unwrap();
    assert_eq!(
        store.settings().get("kept").unwrap().as_deref(),
        Some("changed")
    );
    assert_eq!(store.settings().get("other").unwrap(), None);
}
