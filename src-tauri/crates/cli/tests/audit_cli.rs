//! `cloudlens --audit` and `cloudlens audit ...` as a user runs them, on a
//! real encrypted store in passphrase mode.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cloudlens"));
    c.args(args)
        .env_remove("CLOUDLENS_PASSPHRASE")
        .env_remove("CLOUDLENS_PACK_PASSPHRASE")
        .env("USER", "auditor-test");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("run cloudlens")
}

fn with_db(dir: &Path, extra: &[&str], args: &[&str]) -> Output {
    let db = dir.join("s.db").display().to_string();
    let pass = dir.join("pass").display().to_string();
    let mut all = vec!["--db", db.as_str(), "--passphrase-file", pass.as_str()];
    all.extend_from_slice(extra);
    all.extend_from_slice(args);
    run(&all, &[("SECRET", "not-a-real-secret")])
}

/// The account this test runs as, by the system's own `id`.
fn real_user() -> String {
    let o = Command::new("id").arg("-un").output().expect("run id -un");
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pass"), "a long passphrase\n").unwrap();
    let o = with_db(
        dir.path(),
        &[],
        &["demo", "--lines", "8000", "--end", "2026-06-30"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let csv = dir.path().join("bill.csv").display().to_string();
    let o = with_db(
        dir.path(),
        &[],
        &["export", "--focus", &csv, "--from", "2026-06-01"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = with_db(
        dir.path(),
        &[],
        &[
            "connection",
            "add",
            "c1",
            "--provider",
            "alibaba",
            "--key-id",
            "LTAI-x",
            "--secret-env",
            "SECRET",
            "--endpoint",
            "http://127.0.0.1:9",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    dir
}

fn digest(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend(std::fs::read(path.with_extension("db-wal")).unwrap_or_default());
    bytes
}

#[test]
fn audit_mode_refuses_every_writing_command_and_serves_every_view() {
    let dir = setup();
    let d = dir.path();
    // The key exists before audit mode (it is made on the first use outside it).
    let key = with_db(d, &[], &["audit", "key"]);
    assert!(key.status.success(), "{}", text(&key));
    let before = digest(&d.join("s.db"));
    let csv = d.join("bill.csv").display().to_string();
    let writes: &[&[&str]] = &[
        &["demo", "--lines", "1000"],
        &["import", &csv],
        &[
            "connection",
            "add",
            "c2",
            "--provider",
            "alibaba",
            "--key-id",
            "K",
            "--secret-env",
            "SECRET",
        ],
        &["connection", "remove", "c1"],
        &["connection", "test", "c1"],
        &["sync", "c1"],
    ];
    for args in writes {
        let o = with_db(d, &["--audit"], args);
        assert!(!o.status.success(), "{args:?} succeeded in audit mode");
        assert!(text(&o).contains("read-only"), "{args:?}: {}", text(&o));
    }
    let out = d.join("audit-export.parquet").display().to_string();
    let pack = d.join("audit.clpack").display().to_string();
    let reads: &[&[&str]] = &[
        &["summary", "--json"],
        &["imports"],
        &["connection", "list"],
        &[
            "explore",
            "--group-by",
            "provider",
            "--from",
            "2026-01-01",
            "--to",
            "2026-07-01",
        ],
        &["export", "--focus", &out],
        &["audit", "log"],
        &["audit", "verify"],
        &["audit", "key"],
        &[
            "audit", "pack", "--from", "2026-01", "--to", "2026-06", "--out", &pack,
        ],
    ];
    for args in reads {
        let o = with_db(d, &["--audit"], args);
        assert!(
            o.status.success(),
            "{args:?} failed in audit mode: {}",
            text(&o)
        );
    }
    assert_eq!(
        digest(&d.join("s.db")),
        before,
        "the store changed in audit mode"
    );
    // The pack made in audit mode is signed by the same install key.
    let o = run(
        &["audit", "verify-pack", &pack, "--key", text(&key).trim()],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_pack_verifies_without_a_store_and_a_changed_byte_is_named() {
    let dir = setup();
    let d = dir.path();
    let pack = d.join("q.clpack").display().to_string();
    let o = with_db(
        d,
        &[],
        &[
            "audit",
            "pack",
            "--from",
            "2026-01",
            "--to",
            "2026-03",
            "--filter",
            "currency=CNY",
            "--out",
            &pack,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let key = text(&with_db(d, &[], &["audit", "key"])).trim().to_string();

    let o = run(&["audit", "verify-pack", &pack, "--key", &key], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("verified"), "{}", text(&o));

    // The export is in the log, with the manifest's digest.
    let o = with_db(d, &[], &["audit", "log", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let last = log.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "pack.export");
    // The account the command ran as, not the `$USER` it was handed.
    assert_eq!(last["os_user"], real_user());
    assert_ne!(last["os_user"], "auditor-test");
    assert!(last["after"].as_str().unwrap().contains("manifest SHA-256"));
    let o = with_db(d, &[], &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));

    let mut bytes = std::fs::read(&pack).unwrap();
    let at = bytes
        .windows(22)
        .position(|w| w == b"CloudLens audit pack /")
        .unwrap();
    bytes[at + 1] ^= 0x01;
    std::fs::write(&pack, bytes).unwrap();
    let o = run(&["audit", "verify-pack", &pack], &[]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("cloudlens-audit-pack.txt"),
        "{}",
        text(&o)
    );
}

#[test]
fn an_encrypted_pack_opens_in_audit_mode_with_its_passphrase() {
    let dir = setup();
    let d = dir.path();
    let pack = d.join("e.clpack").display().to_string();
    let pass = d.join("pass").display().to_string();
    let db = d.join("s.db").display().to_string();
    let o = run(
        &[
            "--db",
            &db,
            "--passphrase-file",
            &pass,
            "audit",
            "pack",
            "--from",
            "2026-04",
            "--to",
            "2026-06",
            "--out",
            &pack,
            "--encrypt",
        ],
        &[("CLOUDLENS_PACK_PASSPHRASE", "pack secret")],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        &["audit", "verify-pack", &pack],
        &[("CLOUDLENS_PACK_PASSPHRASE", "wrong")],
    );
    assert!(!o.status.success());
    assert!(
        text(&o).contains("passphrase does not decrypt"),
        "{}",
        text(&o)
    );

    let o = run(
        &["--db", &pack, "--audit", "summary", "--json"],
        &[("CLOUDLENS_PACK_PASSPHRASE", "pack secret")],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("verified, signed by"), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let months: std::collections::BTreeSet<&str> = v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        months.into_iter().collect::<Vec<_>>(),
        ["2026-04", "2026-05", "2026-06"]
    );
    let o = run(
        &["--db", &pack, "--audit", "demo", "--lines", "100"],
        &[("CLOUDLENS_PACK_PASSPHRASE", "pack secret")],
    );
    assert!(!o.status.success());
    assert!(text(&o).contains("read-only"), "{}", text(&o));
}
