//! A reader that goes away (`cloudlens budget list | head -1`) ends the
//! command quietly: no panic, no error message, exit status 0 (progress
//! notes on standard error stay).

use std::path::Path;
use std::process::{Command, Stdio};

const PASS: &str = "a long passphrase";

fn run(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .output()
        .expect("run cloudlens");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {err}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the command with its standard output a pipe whose read end is
/// closed before the command writes (opening the store takes a key
/// derivation first), so its first write meets EPIPE.
fn into_closed_pipe(db: &Path, args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run cloudlens");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for cloudlens");
    let err = String::from_utf8_lossy(&out.stderr);
    let noisy = ["panicked", "Broken pipe", "error"]
        .iter()
        .any(|w| err.contains(w));
    assert!(
        out.status.success() && !noisy,
        "{args:?} ended with {:?}: {err}",
        out.status
    );
}

#[test]
fn every_listing_stops_quietly_when_its_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    run(
        &db,
        &[
            "budget",
            "add",
            "team",
            "--amount",
            "100",
            "--currency",
            "USD",
            "--period",
            "month",
        ],
    );
    run(&db, &["channel", "add", "desk", "--kind", "desktop"]);
    let listings: [&[&str]; 6] = [
        &["budget", "list"],
        &["budget", "list", "--format", "json"],
        &["channel", "list"],
        &["alerts", "history", "--format", "json"],
        &["recommendations", "--format", "csv"],
        &["recommendations", "--format", "json"],
    ];
    for args in listings {
        assert!(!run(&db, args).is_empty(), "{args:?} prints something");
        into_closed_pipe(&db, args);
    }
}
