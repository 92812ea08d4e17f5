//! Running the `cloudlens` binary on a store in passphrase mode.

use std::path::Path;
use std::process::{Command, Output};

/// `cloudlens --db DB --passphrase-file PASS ARGS...`, with no passphrase
/// leaking in from the environment.
pub fn cloudlens(db: &Path, pass_file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .arg("--passphrase-file")
        .arg(pass_file)
        .args(args)
        .env_remove("CLOUDLENS_PASSPHRASE")
        .output()
        .expect("run cloudlens")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
