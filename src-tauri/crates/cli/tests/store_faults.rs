//! The store as another process or the file system leaves it: being written
//! by another process, a read-only store file, a read-only folder. Each gets
//! a clear message naming the store file, and the store is as it was.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;

use cloudlens_store::{KeySource, RunKind, RunSpec, Store, StoreError};
use common::{check_passes, cloudlens, ok, stderr, summary_json};
use zeroize::Zeroizing;

const PASS: &str = "store-faults-passphrase";

/// A demo store in passphrase mode (in a folder of its own) and its
/// passphrase file.
fn demo_store(dir: &Path) -> (PathBuf, PathBuf) {
    let folder = dir.join("store");
    std::fs::create_dir(&folder).unwrap();
    let (db, pass) = (folder.join("s.db"), dir.join("pass"));
    std::fs::write(&pass, format!("{PASS}\n")).unwrap();
    ok(&cloudlens(
        &db,
        &pass,
        &[
            "demo",
            "--lines",
            "3000",
            "--seed",
            "3",
            "--end",
            "2026-06-30",
        ],
    ));
    (db, pass)
}

fn bill(dir: &Path) -> PathBuf {
    let file = dir.join("bill.csv");
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .args(["gen-focus", "--rows", "300", "--seed", "9", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    ok(&out);
    file
}

/// What holding the store's write lock while an import runs returns.
enum Held {
    Released,
    Store(StoreError),
}

impl From<StoreError> for Held {
    fn from(e: StoreError) -> Self {
        Held::Store(e)
    }
}

#[test]
fn a_store_another_process_is_writing_to_is_refused_by_name_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = demo_store(dir.path());
    let bill = bill(dir.path());
    let before = summary_json(&db, &pass);

    // This test process is the other writer: an import of its own, stopped
    // inside its transaction (the store's write lock) until told to go on.
    let (holding_tx, holding) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let source = KeySource::Passphrase(Zeroizing::new(PASS.into()));
    let mut store = Store::open(&db, &source).unwrap();
    let writer = std::thread::spawn(move || {
        let spec = RunSpec::plain(RunKind::File, "held by the test", None, || 0);
        let held = store.lines_mut().import(spec, |_sink| {
            holding_tx.send(()).unwrap();
            release_rx.recv().unwrap();
            Err::<(), Held>(Held::Released)
        });
        match held {
            Err(Held::Released) => Ok(()),
            Err(Held::Store(e)) => Err(e.to_string()),
            Ok(_) => Err("the held import committed".to_string()),
        }
    });
    holding.recv().unwrap();

    let out = cloudlens(&db, &pass, &["import", bill.to_str().unwrap()]);
    let message = stderr(&out);
    assert!(!out.status.success(), "{message}");
    assert!(
        message.contains(&format!("the store at {}", db.display()))
            && message.contains("in use by another CloudLens process"),
        "{message}"
    );

    release.send(()).unwrap();
    writer
        .join()
        .unwrap()
        .expect("the held import rolls back when released");
    assert_eq!(summary_json(&db, &pass), before);
    check_passes(&db, &pass);
    ok(&cloudlens(&db, &pass, &["import", bill.to_str().unwrap()]));
    assert_ne!(summary_json(&db, &pass), before);
}

/// `cloudlens ARGS` as a user without the right to override file
/// permissions: as root, with the capabilities that do so dropped.
fn cloudlens_unprivileged(db: &Path, pass: &Path, args: &[&str]) -> Output {
    let root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        == "0";
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set",
            "-dac_override,-dac_read_search,-fowner",
            env!("CARGO_BIN_EXE_cloudlens"),
        ]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_cloudlens"))
    };
    cmd.arg("--db")
        .arg(db)
        .arg("--passphrase-file")
        .arg(pass)
        .args(args)
        .env_remove("CLOUDLENS_PASSPHRASE")
        .output()
        .expect("setpriv (util-linux) runs cloudlens without root's file rights")
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn assert_read_only_refused(db: &Path, pass: &Path, bill: &Path) {
    let out = cloudlens_unprivileged(db, pass, &["import", bill.to_str().unwrap()]);
    let message = stderr(&out);
    assert!(!out.status.success(), "{message}");
    assert!(
        message.contains(&format!("the store at {} is read-only", db.display())),
        "{message}"
    );
}

#[test]
fn a_read_only_store_file_is_refused_by_name_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = demo_store(dir.path());
    let bill = bill(dir.path());
    let before = summary_json(&db, &pass);
    set_mode(&db, 0o444);
    assert_read_only_refused(&db, &pass, &bill);
    set_mode(&db, 0o644);
    assert_eq!(summary_json(&db, &pass), before);
    check_passes(&db, &pass);
}

#[test]
fn a_store_in_a_read_only_folder_is_refused_by_name_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = demo_store(dir.path());
    let bill = bill(dir.path());
    let before = summary_json(&db, &pass);
    let folder = db.parent().unwrap();
    set_mode(folder, 0o555);
    assert_read_only_refused(&db, &pass, &bill);
    set_mode(folder, 0o755);
    assert_eq!(summary_json(&db, &pass), before);
    check_passes(&db, &pass);
}
