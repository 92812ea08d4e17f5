//! The real `cloudlens sync` killed with SIGKILL mid-run, then run again:
//! the store ends with exactly the rows and totals of an uninterrupted sync
//! into another store, with no duplicates. Twenty kills spread over a whole
//! sync each leave every window either whole or absent.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_store::{KeySource, LineFilter, Store, StoreError};
use zeroize::Zeroizing;

mod common;
use common::synced::contents;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";
const PASS: &str = "crash-test-passphrase";

fn cloudlens(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cloudlens"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .env("CLOUDLENS_TEST_SECRET", SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn add_connection(db: &Path, mock: &MockCloud) {
    let out = cloudlens(
        db,
        &[
            "connection",
            "add",
            "ali",
            "--provider",
            "alibaba",
            "--key-id",
            KEY_ID,
            "--secret-env",
            "CLOUDLENS_TEST_SECRET",
            "--endpoint",
            &mock.endpoint(),
        ],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const SYNC: &[&str] = &["sync", "ali", "--from", "2025-01", "--to", "2025-01"];

fn open(db: &Path) -> Store {
    Store::open(db, &KeySource::Passphrase(Zeroizing::new(PASS.into()))).unwrap()
}

/// An Alibaba mock with `resources` resources billed every day of January
/// 2025, answering each request after `latency_ms`.
fn slow_january_mock(seed: u64, resources: usize, latency_ms: u64) -> MockCloud {
    let account = Account::generate(&AccountSpec {
        seed,
        resources,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        days: 31,
        currency: "CNY".into(),
    });
    let mock = start_alibaba(account, KEY_ID, SECRET).unwrap();
    mock.set_faults(Faults {
        latency: Duration::from_millis(latency_ms),
        ..Default::default()
    });
    mock
}

#[test]
fn a_killed_sync_resumes_to_the_same_rows_and_totals() {
    let mock = slow_january_mock(21, 40, 120);
    let dir = tempfile::tempdir().unwrap();
    let killed = dir.path().join("killed.db");
    let clean = dir.path().join("clean.db");
    add_connection(&killed, &mock);
    add_connection(&clean, &mock);

    let before = mock.stats().requests;
    let mut child = cloudlens(&killed, SYNC).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    // Kill once a dozen bill requests have been answered (several windows
    // committed, more in flight).
    while mock.stats().requests < before + 14 {
        assert!(Instant::now() < deadline, "the sync never got going");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sync ended too soon"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());

    let done_after_kill = open(&killed)
        .sync()
        .sync_windows("ali")
        .unwrap()
        .iter()
        .filter(|w| w.state == "done")
        .count();
    assert!(
        done_after_kill > 0 && done_after_kill < 31,
        "killed after {done_after_kill} windows"
    );

    let out = cloudlens(&killed, SYNC).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(summary.contains("skipped"), "{summary}");
    let runs = open(&killed).sync().sync_runs(Some("ali")).unwrap();
    assert_eq!(runs[0].outcome, "succeeded");
    assert_eq!(runs[0].windows_skipped as usize, done_after_kill);
    assert_eq!(runs[1].outcome, "interrupted");

    let out = cloudlens(&clean, SYNC).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    eprintln!("mock stats: {:?}", mock.stats());
    let (a, b) = (
        contents(&open(&killed), "ali"),
        contents(&open(&clean), "ali"),
    );
    assert_eq!(a[0].len(), 31 * 40, "one line per resource and day");
    assert_eq!(a[0], b[0], "lines");
    assert_eq!(a[1], b[1], "totals");
    assert_eq!(a[2], b[2], "windows");
    assert_eq!(a[3], b[3], "inventory");
}

/// Each day's lines, keyed by the day's start.
fn lines_by_day(db: &Path) -> std::collections::BTreeMap<i64, Vec<String>> {
    let mut days = std::collections::BTreeMap::<i64, Vec<String>>::new();
    open(db)
        .lines()
        .scan_lines::<StoreError>(&LineFilter::default(), |l| {
            days.entry(l.charge_period_start).or_default().push(format!(
                "{:?}|{}|{}|{}",
                l.dims.resource_id, l.billed_cost, l.effective_cost, l.provenance.source_row
            ));
            Ok(())
        })
        .unwrap();
    for lines in days.values_mut() {
        lines.sort();
    }
    days
}

#[test]
fn twenty_kills_across_a_sync_leave_each_window_whole_or_absent() {
    const KILLS: u64 = 20;
    let mock = slow_january_mock(22, 12, 40);
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.db");
    add_connection(&clean, &mock);
    let before = mock.stats().requests;
    let out = cloudlens(&clean, SYNC).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = mock.stats().requests - before;
    let whole = lines_by_day(&clean);
    assert_eq!(whole.len(), 31);

    let mut landed = 0;
    for i in 0..KILLS {
        // Kill points spread from the first request to the last.
        let after = 1 + i * (requests - 1) / KILLS;
        let db = dir.path().join(format!("killed-{i}.db"));
        add_connection(&db, &mock);
        let start = mock.stats().requests;
        let mut child = cloudlens(&db, SYNC).spawn().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while mock.stats().requests < start + after && child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "kill {i}: the sync never got going"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        if child.try_wait().unwrap().is_none() {
            landed += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let store = open(&db);
        assert_eq!(store.lines().rollup_mismatches().unwrap(), 0, "kill {i}");
        let done = store
            .sync()
            .sync_windows("ali")
            .unwrap()
            .iter()
            .filter(|w| w.state == "done")
            .count();
        drop(store);
        let days = lines_by_day(&db);
        for (day, lines) in &days {
            assert_eq!(
                Some(lines),
                whole.get(day),
                "kill {i}: day {day} is partial"
            );
        }
        assert_eq!(
            days.len(),
            done,
            "kill {i}: days stored against windows done"
        );

        let out = cloudlens(&db, SYNC).output().unwrap();
        assert!(
            out.status.success(),
            "kill {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            lines_by_day(&db),
            whole,
            "kill {i}: resumed to the whole sync"
        );
    }
    assert!(landed >= KILLS / 2, "only {landed} kills landed mid-run");
}
