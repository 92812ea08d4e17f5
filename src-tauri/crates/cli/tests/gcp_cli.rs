//! `cloudlens connection add --provider gcp` with a service account's key
//! file, the billing export table and projects, then `cloudlens sync`
//! against the Google mock: the key file is stored whole and never printed,
//! its client email is the key id, a table that is not a billing export is
//! refused before anything is stored, and the synced month equals the
//! export's.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::NaiveDate;
use cloudlens_mockcloud::gcp::{
    generate_key, service_account_json, start_gcp, DETAILED_TABLE, PROJECTS,
};
use cloudlens_mockcloud::{Account, AccountSpec};
use cloudlens_store::{KeySource, Store};
use rust_decimal::Decimal;
use zeroize::Zeroizing;

const EMAIL: &str = "cloudlens-reader@billing-admin-4410.iam.gserviceaccount.com";
const PASS: &str = "gcp-cli-passphrase";

fn cloudlens(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_gcp_connection_from_a_key_file_syncs_the_billing_export() {
    let account = Account::generate(&AccountSpec {
        seed: 5,
        resources: 12,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        days: 31,
        currency: "USD".into(),
    });
    let expected = Decimal::new(account.month_cents("2025-01"), 2);
    let key = generate_key().unwrap();
    let key_json = service_account_json(EMAIL, PROJECTS[0], &key.pem, None);
    let mock = start_gcp(account, EMAIL, &key_json).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let key_file = dir.path().join("key.json");
    std::fs::write(&key_file, &key_json).unwrap();
    let key_path = key_file.to_str().unwrap();
    let endpoint = mock.endpoint();
    let projects = PROJECTS.join(",");

    let refused = cloudlens(
        &db,
        &[
            "connection",
            "add",
            "g",
            "--provider",
            "gcp",
            "--key-file",
            key_path,
            "--billing-table",
            "billing-admin-4410.billing_export.orders",
            "--endpoint",
            &endpoint,
        ],
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("billing export table"), "{stderr}");
    assert!(!stderr.contains("PRIVATE KEY"), "{stderr}");

    let added = cloudlens(
        &db,
        &[
            "connection",
            "add",
            "g",
            "--provider",
            "gcp",
            "--key-file",
            key_path,
            "--billing-table",
            DETAILED_TABLE,
            "--projects",
            &projects,
            "--endpoint",
            &endpoint,
        ],
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let listed = cloudlens(&db, &["connection", "list", "--json"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains(EMAIL), "{text}");
    assert!(!text.contains("PRIVATE KEY"), "{text}");

    let synced = cloudlens(&db, &["sync", "g", "--from", "2025-01", "--to", "2025-01"]);
    let stderr = String::from_utf8_lossy(&synced.stderr);
    assert!(synced.status.success(), "{stderr}");
    assert!(!stderr.contains("PRIVATE KEY"), "{stderr}");
    let store = Store::open(&db, &KeySource::Passphrase(Zeroizing::new(PASS.into()))).unwrap();
    let total: Decimal = store
        .lines()
        .summary()
        .unwrap()
        .iter()
        .map(|r| r.billed_cost)
        .sum();
    assert_eq!(total, expected);
    assert_eq!(store.sync().inventory(Some("g")).unwrap().len(), 12);
    assert_eq!(mock.stats().bad_signatures, 0);
}
