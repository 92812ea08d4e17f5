//! Running the `cloudlens` binary on a store in passphrase mode.
// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

pub mod synced;

use std::path::Path;
use std::process::{Command, Output};

/// `cloudlens --db DB --passphrase-file PASS ARGS...`, with no passphrase
/// leaking in from the environment.
pub fn cloudlens(db: &Path, pass_file: &Path, args: &[&str]) -> Output {
    cloudlens_with(db, pass_file, args, &[])
}

/// As [`cloudlens`], with extra environment variables.
pub fn cloudlens_with(db: &Path, pass_file: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .arg("--passphrase-file")
        .arg(pass_file)
        .args(args)
        .envs(envs.iter().copied())
        .env_remove("CLOUDLENS_PASSPHRASE")
        .output()
        .expect("run cloudlens")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Stdout and stderr of a run that must have succeeded.
pub fn ok(o: &Output) -> String {
    let err = stderr(o);
    assert!(o.status.success(), "{err}");
    format!("{}{err}", String::from_utf8_lossy(&o.stdout))
}

/// The JSON document a successful run printed.
pub fn json(o: &Output) -> serde_json::Value {
    ok(o);
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

/// A fresh folder holding a passphrase file; the store path in it is not
/// created yet. The folder goes when the first value drops.
pub fn scratch_store() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").expect("write the passphrase file");
    (dir, db, pass)
}

/// `cloudlens demo` of about `lines` lines from `seed`, ending on `end`
/// (YYYY-MM-DD); what it said on stderr.
pub fn load_demo(db: &Path, pass_file: &Path, lines: u32, seed: u32, end: &str) -> String {
    let (lines, seed) = (lines.to_string(), seed.to_string());
    let out = cloudlens(
        db,
        pass_file,
        &["demo", "--lines", &lines, "--seed", &seed, "--end", end],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

/// `summary --json` as printed, to compare a store with itself later.
pub fn summary_json(db: &Path, pass_file: &Path) -> String {
    let out = cloudlens(db, pass_file, &["summary", "--json"]);
    ok(&out);
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// `check` finds nothing wrong.
pub fn check_passes(db: &Path, pass_file: &Path) {
    let out = cloudlens(db, pass_file, &["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );
}

/// A signed webhook receiver on 127.0.0.1 and the store's channel `name`
/// delivering to it (URL and secret passed through the environment, as a
/// user would).
pub fn webhook_channel(
    db: &Path,
    pass_file: &Path,
    name: &str,
) -> cloudlens_mockcloud::webhooks::Receiver {
    use cloudlens_mockcloud::webhooks::{Platform, Receiver, ReceiverConfig};
    let hook = Receiver::start(
        ReceiverConfig::new(Platform::Webhook, "hook-token", Some("hook-secret")),
        0,
    )
    .expect("start the webhook receiver");
    ok(&cloudlens_with(
        db,
        pass_file,
        &[
            "channel",
            "add",
            name,
            "--kind",
            "webhook",
            "--url-env",
            "HOOK_URL",
            "--secret-env",
            "HOOK_SECRET",
        ],
        &[("HOOK_URL", &hook.url()), ("HOOK_SECRET", "hook-secret")],
    ));
    hook
}
