//! A process may exit while a background thread still reads the store (the
//! app quits during a detection run; a test returns while a refresh runs).
//! That must be an ordinary exit, not a crash inside libcrypto's own
//! exit-time cleanup.

mod common;

use std::process::Command;
use std::thread;
use std::time::Duration;

use cloudlens_store::{LineFilter, RunKind, StoreError};
use common::*;

const CHILD: &str = "CLOUDLENS_EXIT_WHILE_READING_DB";

/// Run in a child process: read in a loop on another thread, then exit.
// The parent names the store in the environment: a test takes no arguments.
#[allow(clippy::disallowed_methods)]
#[test]
fn child_reads_on_a_thread_and_exits() {
    let Ok(db) = std::env::var(CHILD) else {
        return;
    };
    let store = open(std::path::Path::new(&db));
    let pool = store.read_pool();
    thread::spawn(move || loop {
        let reader = pool.get().expect("reader");
        reader
            .lines()
            .scan_lines(&LineFilter::default(), |_| Ok::<(), StoreError>(()))
            .expect("scan");
    });
    thread::sleep(Duration::from_millis(30));
    std::process::exit(0);
}

#[test]
fn exiting_while_a_thread_reads_is_a_clean_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut store = open(&db);
    let e = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            for row in 0..5_000 {
                s.push(line(&e, (2026, 1, 2 + (row % 20) as u32), "2", "2", row))?;
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    drop(store);
    let me = std::env::current_exe().unwrap();
    // The crash needs the exit handler to meet a page decryption; a few
    // dozen exits made it happen more often than not.
    for run in 0..40 {
        let status = Command::new(&me)
            .args([
                "child_reads_on_a_thread_and_exits",
                "--exact",
                "--nocapture",
            ])
            .env(CHILD, &db)
            .status()
            .unwrap();
        assert!(status.success(), "run {run}: the child ended with {status}");
    }
}
