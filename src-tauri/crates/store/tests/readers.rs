//! Read-only connections see the last commit: not a write in progress, not a
//! write that commits in the middle of one consistent read, and everything
//! once it has committed. They never wait for the writer (SQLCipher in WAL
//! mode).

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudlens_store::{LineFilter, RunKind, StoreError};
use common::*;

#[test]
fn a_reader_sees_the_last_commit_while_an_import_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    import_one_line(&mut store, RunKind::File).unwrap();
    let pool = store.read_pool();
    let reader = pool.get().unwrap();
    let committed = reader.lines().summary().unwrap();

    let e = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            // Enough lines that the writer's pages reach the log before the commit.
            for row in 0..20_000 {
                s.push(line(&e, (2026, 1, 2 + (row % 20) as u32), "2", "2", row))?;
            }
            assert_eq!(reader.lines().line_count()?, 1);
            assert_eq!(reader.lines().summary()?, committed);
            let scanned = reader
                .lines()
                .scan_lines(&LineFilter::default(), |_| Ok::<(), StoreError>(()))?;
            assert_eq!(scanned, 1);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert_eq!(reader.lines().line_count().unwrap(), 20_001);
    assert_eq!(reader.lines().rollup_mismatches().unwrap(), 0);
}

#[test]
fn one_consistent_read_does_not_see_a_commit_made_during_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let pool = store.read_pool();
    let reader = pool.get().unwrap();
    let before = reader.lines().generation().unwrap();
    reader
        .lines()
        .consistent(|lines| {
            let generation = lines.generation()?;
            import_one_line(&mut store, RunKind::File)?;
            assert_eq!(lines.generation()?, generation);
            assert_eq!(lines.line_count()?, 0);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    assert!(reader.lines().generation().unwrap() > before);
    assert_eq!(reader.lines().line_count().unwrap(), 1);
}

#[test]
fn readers_on_other_threads_answer_while_a_write_transaction_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let pool = Arc::new(store.read_pool());
    let holding = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let reads = {
        let (pool, holding, done) = (pool.clone(), holding.clone(), done.clone());
        std::thread::spawn(move || {
            while !holding.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            let mut slowest = Duration::ZERO;
            let mut answered = 0;
            while !done.load(Ordering::SeqCst) {
                let started = Instant::now();
                let reader = pool.get().unwrap();
                assert_eq!(reader.lines().line_count().unwrap(), 0);
                reader.allocation().exchange_rates().unwrap();
                slowest = slowest.max(started.elapsed());
                answered += 1;
            }
            (answered, slowest)
        })
    };
    let d = dims("AWS", "111", "USD", "Amazon EC2");
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&d, (2026, 1, 1), "1", "1", 1))?;
            holding.store(true, Ordering::SeqCst);
            // The write transaction stays open for a second.
            std::thread::sleep(Duration::from_secs(1));
            done.store(true, Ordering::SeqCst);
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let (answered, slowest) = reads.join().unwrap();
    assert!(answered > 10, "only {answered} reads in a second");
    assert!(
        slowest < Duration::from_millis(500),
        "a read took {slowest:?}"
    );
}

#[test]
fn a_second_writer_from_reopen_shares_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let mut other = store.reopen().unwrap();
    import_one_line(&mut other, RunKind::Sync).unwrap();
    assert_eq!(store.lines().line_count().unwrap(), 1);
    store.settings_mut().set("k", Some("v")).unwrap();
    assert_eq!(other.settings().get("k").unwrap().as_deref(), Some("v"));
}
