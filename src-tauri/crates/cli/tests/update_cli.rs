//! `cloudlens update --file PKG --sig SIG --verify-only` on real packages
//! signed with a key pair made for this run by Tauri's signer: the genuine
//! package passes; a changed byte, another key's signature and an older
//! version are refused with a clear message. Nothing is installed.

#[path = "../../update/tests/signing/mod.rs"]
mod signing;

use std::path::Path;
use std::process::{Command, Output};

use signing::{deb, key_pair, sign, Signer};

const PACKAGE: &str = "cloud-lens";
/// Newer than any version this CLI is built as.
const NEWER: &str = "99.0.0";

fn verify_only(key: &Signer, package: &Path, signature: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .args(["update", "--verify-only", "--file"])
        .arg(package)
        .arg("--sig")
        .arg(signature)
        .env("CLOUDLENS_UPDATE_PUBKEY", &key.public)
        .output()
        .unwrap()
}

fn refused(out: &Output) -> String {
    let message = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "accepted: {message}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    message
}

#[test]
fn verify_only_accepts_the_genuine_package_and_refuses_bad_ones_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let ours = key_pair(d, "ours");
    let theirs = key_pair(d, "theirs");

    let genuine = deb(d, PACKAGE, NEWER);
    let genuine_sig = sign(&ours, &genuine, Some(NEWER));
    let out = verify_only(&ours, &genuine, &genuine_sig);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&format!(
            "verified: {} is CloudLens {NEWER} (deb)",
            genuine.display()
        )),
        "{said}"
    );

    // One byte changed after signing.
    let tampered = d.join("tampered.deb");
    let mut bytes = std::fs::read(&genuine).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&tampered, bytes).unwrap();
    let message = refused(&verify_only(&ours, &tampered, &genuine_sig));
    assert!(
        message.contains(&tampered.display().to_string())
            && message.contains("changed after it was signed"),
        "{message}"
    );

    // Signed with another key than the one updates are checked with.
    let forged = d.join("forged.deb");
    std::fs::copy(&genuine, &forged).unwrap();
    let forged_sig = sign(&theirs, &forged, Some(NEWER));
    let message = refused(&verify_only(&ours, &forged, &forged_sig));
    assert!(message.contains("signed with another key"), "{message}");

    // Genuinely signed, but older than this CLI.
    let older = deb(d, PACKAGE, "0.0.1");
    let older_sig = sign(&ours, &older, Some("0.0.1"));
    let message = refused(&verify_only(&ours, &older, &older_sig));
    assert!(
        message.contains("CloudLens 0.0.1, which is older than the running")
            && message.contains("never goes back to an older version"),
        "{message}"
    );

    // A build that carries no key verifies nothing, and says why.
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .args(["update", "--verify-only", "--file"])
        .arg(&genuine)
        .arg("--sig")
        .arg(&genuine_sig)
        .env_remove("CLOUDLENS_UPDATE_PUBKEY")
        .output()
        .unwrap();
    assert!(refused(&out).contains("carries no update key"));
}
