//! Running the `cloudlens` binary on a store in passphrase mode.
// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

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
