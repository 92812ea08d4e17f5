mod common;

use cloudlens_store::{RunKind, Store, StoreError, StoreKey};
use common::*;

#[test]
fn the_file_is_not_readable_as_plain_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = open(&path);
    let d = dims("AWS", "111", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 1, 1), "1.5", "1.5", 1))
        })
        .unwrap();
    drop(store);

    let bytes = std::fs::read(&path).unwrap();
    assert_ne!(&bytes[..16], b"SQLite format 3\0");
    assert!(
        !bytes.windows(10).any(|w| w == b"Amazon EC2"),
        "plaintext found in the encrypted file"
    );

    let plain = rusqlite::Connection::open(&path).unwrap();
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
}

#[test]
fn a_wrong_key_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(open(&path));
    let wrong = StoreKey::from_parts([8u8; 32], [9u8; 16]);
    let err = Store::open_with_key(&path, &wrong).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey(_)), "{err:?}");
    assert!(err.to_string().contains("does not open the store"));
}

#[test]
fn passphrase_mode_opens_with_the_right_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let mut store = Store::open(&path, &passphrase("correct horse battery staple")).unwrap();
    let d = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 2, 3), "10.01", "10.01", 1))
        })
        .unwrap();
    drop(store);

    let store = Store::open(&path, &passphrase("correct horse battery staple")).unwrap();
    assert_eq!(store.lines().line_count().unwrap(), 1);
    drop(store);

    let err = Store::open(&path, &passphrase("Correct horse battery staple")).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey(_)));
    assert!(
        !err.to_string().contains("horse"),
        "the passphrase leaked into the message"
    );
}

#[test]
fn a_plain_sqlite_file_is_refused_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = Store::open(&path, &passphrase("x")).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    assert!(err.to_string().contains("unencrypted"));
}

#[test]
fn key_debug_output_hides_the_key() {
    let shown = format!("{:?} {:?}", fixed_key(), passphrase("hunter2"));
    assert!(!shown.contains("0707"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}
