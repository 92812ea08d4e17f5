//! Backups and restores of a real store (the V4 fixture, upgraded): a
//! backup holds everything the store held, under the store's key or a
//! passphrase of its own; a restore puts it all back and keeps the store's
//! key; an upgrade is preceded by a backup; a damaged page is reported by
//! the check. (Refusals and broken invariants: `src/tests.rs`.)

#[path = "common/facts.rs"]
mod facts;

use std::path::{Path, PathBuf};

use cloudlens_store::{upgrade_backups, BackupKey, KeySource, Store, StoreError};
use zeroize::Zeroizing;

const FIXTURE_PASSPHRASE: &str = "cloudlens-fixture";

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/stores/store-v4.db")
}

fn pass(p: &str) -> KeySource {
    KeySource::Passphrase(Zeroizing::new(p.into()))
}

/// A copy of the V4 fixture, opened (so upgraded) and its facts.
fn upgraded_copy(dir: &Path) -> (PathBuf, serde_json::Value) {
    let db = dir.join("store.db");
    std::fs::copy(fixture(), &db).unwrap();
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    let f = facts::facts(&store, "ali");
    (db, f)
}

#[test]
fn an_upgrade_is_preceded_by_a_backup_that_opens_as_the_old_store() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = upgraded_copy(dir.path());
    let backups = upgrade_backups(&db);
    assert_eq!(backups.len(), 1, "{backups:?}");
    // The backup is the V4 store as it was: same salt and key, and opening
    // it (a copy) upgrades it to the same facts.
    let copy = dir.path().join("from-backup.db");
    std::fs::copy(&backups[0].1, &copy).unwrap();
    assert_eq!(
        Store::salt_of(&copy).unwrap(),
        Store::salt_of(&fixture()).unwrap()
    );
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture().with_file_name("store-v4.facts.json")).unwrap(),
    )
    .unwrap();
    let reopened = Store::open(&copy, &pass(FIXTURE_PASSPHRASE)).unwrap();
    assert_eq!(facts::facts(&reopened, "ali"), expected);
    // Opening an up-to-date store takes no backup.
    drop(Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap());
    assert_eq!(upgrade_backups(&db).len(), 1);
}

#[test]
fn a_backup_under_the_store_key_restores_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = upgraded_copy(dir.path());
    let out = dir.path().join("usb/cloudlens-backup.clb");
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    let info = store.backup_to(&out, &BackupKey::StoreKey).unwrap();
    assert_eq!(info.lines, before["line_count"].as_u64().unwrap());
    assert!(!out.with_file_name("cloudlens-backup.clb.partial").exists());
    drop(store);

    // The store changes after the backup...
    let mut store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    store.lines_mut().remove_run(1).unwrap();
    assert_ne!(facts::facts(&store, "ali"), before);
    drop(store);

    // ...and the restore puts the backup's state back.
    let restored = Store::restore(&db, &pass(FIXTURE_PASSPHRASE), &out, None).unwrap();
    assert_eq!(restored.lines, info.lines);
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    assert_eq!(facts::facts(&store, "ali"), before);
    assert!(store.check().unwrap().ok());
}

#[test]
fn a_passphrase_backup_needs_its_own_passphrase_and_restores_under_the_store_key() {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = upgraded_copy(dir.path());
    let out = dir.path().join("offsite.clb");
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    store
        .backup_to(
            &out,
            &BackupKey::Passphrase(Zeroizing::new("backup passphrase".into())),
        )
        .unwrap();
    drop(store);
    assert_ne!(Store::salt_of(&out).unwrap(), Store::salt_of(&db).unwrap());

    let err = Store::restore(
        &db,
        &pass(FIXTURE_PASSPHRASE),
        &out,
        Some("not the backup passphrase"),
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::WrongKey(ref p) if p == &out),
        "{err}"
    );
    let err = Store::restore(&db, &pass(FIXTURE_PASSPHRASE), &out, None).unwrap_err();
    assert!(
        matches!(err, StoreError::BackupPassphraseNeeded(ref p) if p == &out),
        "{err}"
    );

    // Restored onto a new machine (no store yet): the store takes the
    // backup's passphrase.
    let fresh = dir.path().join("new-machine/store.db");
    Store::restore(&fresh, &pass("unused"), &out, Some("backup passphrase")).unwrap();
    let store = Store::open(&fresh, &pass("backup passphrase")).unwrap();
    assert_eq!(facts::facts(&store, "ali")["lines"], before["lines"]);
    drop(store);

    // Restored over the existing store: the store keeps its own key.
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    store
        .restore_over(&pass(FIXTURE_PASSPHRASE), &out, Some("backup passphrase"))
        .unwrap();
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    assert_eq!(facts::facts(&store, "ali"), before);
}

#[test]
fn a_damaged_page_is_reported_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = upgraded_copy(dir.path());
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    let report = store.check().unwrap();
    assert!(report.ok(), "{report:?}");
    store.checkpoint().unwrap();
    drop(store);
    // Flip one byte in the middle of a page past the first.
    let mut bytes = std::fs::read(&db).unwrap();
    let at = cloudlens_store::PAGE_SIZE as usize * 3 + 1000;
    bytes[at] ^= 0x55;
    std::fs::write(&db, &bytes).unwrap();
    let store = Store::open(&db, &pass(FIXTURE_PASSPHRASE)).unwrap();
    let report = store.check().unwrap();
    let cipher = &report.results[0];
    assert_eq!(cipher.name, "cipher_pages");
    assert!(!cipher.problems.is_empty(), "{report:?}");
    assert!(!report.ok());
}
