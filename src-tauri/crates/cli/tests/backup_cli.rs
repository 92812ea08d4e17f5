//! `cloudlens backup` and `cloudlens restore` on real stores: a demo store
//! backed up (under its own key, and under a passphrase of the backup's
//! own), restored into new stores with the same totals and a clean check;
//! a wrong or missing backup passphrase refused clearly, the store kept.

mod common;
use std::path::Path;

use common::{check_passes, cloudlens, ok, stderr, summary_json};

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_backup_restores_into_a_new_store_with_the_same_totals_and_a_wrong_passphrase_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (db, pass) = (d.join("a.db"), d.join("a.pass"));
    write(&pass, "the store's passphrase\n");
    ok(&cloudlens(
        &db,
        &pass,
        &[
            "demo",
            "--lines",
            "20000",
            "--seed",
            "11",
            "--end",
            "2026-06-30",
        ],
    ));
    let totals = summary_json(&db, &pass);

    // Under the store's key, and under a passphrase of the backup's own.
    let keyed = d.join("keyed.clbackup");
    let said = ok(&cloudlens(
        &db,
        &pass,
        &["backup", "--out", keyed.to_str().unwrap()],
    ));
    assert!(said.contains("encrypted with the store's key"), "{said}");
    let own = write(&d.join("own.pass"), "the backup's own passphrase\n");
    let sealed = d.join("sealed.clbackup");
    let said = ok(&cloudlens(
        &db,
        &pass,
        &[
            "backup",
            "--out",
            sealed.to_str().unwrap(),
            "--backup-passphrase-file",
            &own,
        ],
    ));
    assert!(said.contains("encrypted with its own passphrase"), "{said}");

    // A new store from the sealed backup (on a new machine, say): it takes
    // the backup's passphrase.
    let (restored, restored_pass) = (d.join("b.db"), d.join("own.pass"));
    let said = ok(&cloudlens(
        &restored,
        &restored_pass,
        &[
            "restore",
            sealed.to_str().unwrap(),
            "--backup-passphrase-file",
            &own,
        ],
    ));
    assert!(said.contains("restored"), "{said}");
    assert_eq!(summary_json(&restored, &restored_pass), totals);
    check_passes(&restored, &restored_pass);

    // A new store under the same passphrase, from the keyed backup.
    let again = d.join("c.db");
    ok(&cloudlens(
        &again,
        &pass,
        &["restore", keyed.to_str().unwrap()],
    ));
    assert_eq!(summary_json(&again, &pass), totals);
    check_passes(&again, &pass);

    // Over a store under another key: a wrong backup passphrase, and none,
    // are refused and the store is as it was.
    let wrong = write(&d.join("wrong.pass"), "not the backup's passphrase\n");
    let out = cloudlens(
        &again,
        &pass,
        &[
            "restore",
            sealed.to_str().unwrap(),
            "--backup-passphrase-file",
            &wrong,
        ],
    );
    let message = stderr(&out);
    assert!(!out.status.success(), "{message}");
    assert!(
        message.contains(&sealed.display().to_string()) && message.contains("passphrase"),
        "{message}"
    );
    let out = cloudlens(&again, &pass, &["restore", sealed.to_str().unwrap()]);
    let message = stderr(&out);
    assert!(!out.status.success(), "{message}");
    assert!(
        message.contains("encrypted with a passphrase of its own"),
        "{message}"
    );
    assert_eq!(summary_json(&again, &pass), totals);
    check_passes(&again, &pass);
}
