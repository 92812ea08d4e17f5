//! Test packages and signatures, shared with the CLI's update test (which
//! includes this file by path): a key pair made for the test run by Tauri's
//! own signer (as the release script signs releases), signatures made with
//! it, and `.deb` files built with dpkg-deb.
// Each test binary uses its own part of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn tauri_cli() -> PathBuf {
    let cli = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/node_modules/.bin/tauri");
    assert!(cli.exists(), "{} is missing: run .ci/setup", cli.display());
    cli
}

pub struct Signer {
    pub private: PathBuf,
    pub public: String,
}

const PASSWORD: &str = "test-only-password";

pub fn key_pair(dir: &Path, name: &str) -> Signer {
    let private = dir.join(format!("{name}.key"));
    let out = Command::new(tauri_cli())
        .args(["signer", "generate", "--ci", "-p", PASSWORD, "-w"])
        .arg(&private)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(private.with_extension("key.pub")).unwrap();
    Signer { private, public }
}

pub fn sign(signer: &Signer, file: &Path, version: Option<&str>) -> PathBuf {
    let mut cmd = Command::new(tauri_cli());
    cmd.args(["signer", "sign", "-f"])
        .arg(&signer.private)
        .args(["-p", PASSWORD]);
    if let Some(v) = version {
        cmd.args(["--app-version", v]);
    }
    let out = cmd.arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut sig = file.as_os_str().to_owned();
    sig.push(".sig");
    PathBuf::from(sig)
}

pub fn deb(dir: &Path, package: &str, version: &str) -> PathBuf {
    let root = dir.join(format!("{package}-{version}"));
    std::fs::create_dir_all(root.join("DEBIAN")).unwrap();
    std::fs::create_dir_all(root.join("usr/bin")).unwrap();
    std::fs::write(
        root.join("DEBIAN/control"),
        format!(
            "Package: {package}\nVersion: {version}\nArchitecture: amd64\nMaintainer: CloudLens tests\nDescription: test package\n"
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("usr/bin/cloudlens-app"),
        format!("#!/bin/sh\necho {version}\n"),
    )
    .unwrap();
    let out_file = dir.join(format!("{package}_{version}_amd64.deb"));
    let out = Command::new("dpkg-deb")
        .args(["-Zgzip", "--root-owner-group", "--build"])
        .arg(&root)
        .arg(&out_file)
        .output()
        .expect("dpkg-deb");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out_file
}
