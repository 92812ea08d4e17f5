//! The real `cloudlens sync` of each provider other than Alibaba (whose
//! route `sync_crash.rs` kills twenty times) killed with SIGKILL halfway
//! through its requests, then run again: the store ends with exactly the
//! rows, totals, windows and inventory of an uninterrupted sync of the same
//! account into another store. AWS and Azure go through their bucket export,
//! Google Cloud through BigQuery, Tencent and Huawei through their bill APIs.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_mockcloud::{aws, azure, gcp, huawei, tencent};
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use cloudlens_store::{KeySource, Store};
use zeroize::Zeroizing;

mod common;
use common::synced::contents;

const PASS: &str = "crash-test-passphrase";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";
const SYNC: &[&str] = &["sync", "c", "--from", "2025-01", "--to", "2025-01"];

/// A provider's mock and the `connection add` arguments that reach it.
struct Case {
    mock: MockCloud,
    add: Vec<String>,
    /// Kept for the run: Google's key file.
    _dir: tempfile::TempDir,
}

fn account(currency: &str) -> Account {
    Account::generate(&AccountSpec {
        seed: 31,
        resources: 12,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        days: 31,
        currency: currency.into(),
    })
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn case(provider: &str) -> Case {
    let dir = tempfile::tempdir().unwrap();
    let (mock, add) = match provider {
        "tencent" | "huawei" => {
            let key_id = "AKIDMockReadOnlyKey0001";
            let mock = if provider == "tencent" {
                tencent::start_tencent(account("CNY"), key_id, SECRET)
            } else {
                huawei::start_huawei(account("CNY"), key_id, SECRET)
            }
            .unwrap();
            let add = args(&["--provider", provider, "--key-id", key_id]);
            (mock, add)
        }
        "aws" => {
            let key_id = "AKIAMOCKREADONLYKEY01";
            let mock = aws::start_aws(account("USD"), key_id, SECRET).unwrap();
            let add = args(&[
                "--provider",
                "aws",
                "--key-id",
                key_id,
                "--source",
                "bucket",
                "--bucket",
                "cloudlens-billing",
                "--prefix",
                "exports",
            ]);
            (mock, add)
        }
        "azure" => {
            let (tenant, client) = (
                "72f988bf-0000-4000-8000-00000000aaaa",
                "0f1e2d3c-0000-4000-8000-00000000bbbb",
            );
            let account = account("USD");
            let scope = format!(
                "providers/Microsoft.Billing/billingAccounts/{}",
                account.billing_account
            );
            let mock = azure::start_azure(account, &format!("{tenant}/{client}"), SECRET).unwrap();
            let add = args(&[
                "--provider",
                "azure",
                "--tenant",
                tenant,
                "--client-id",
                client,
                "--scope",
                &scope,
                "--source",
                "bucket",
                "--storage-account",
                "cloudlensbilling",
                "--container",
                "cost-exports",
                "--prefix",
                "costs",
            ]);
            (mock, add)
        }
        "gcp" => {
            let email = "cloudlens-reader@billing-admin-4410.iam.gserviceaccount.com";
            let key = gcp::generate_key().unwrap();
            let key_json = gcp::service_account_json(email, gcp::PROJECTS[0], &key.pem, None);
            let mock = gcp::start_gcp(account("USD"), email, &key_json).unwrap();
            let key_file = dir.path().join("key.json");
            std::fs::write(&key_file, &key_json).unwrap();
            let add = args(&[
                "--provider",
                "gcp",
                "--key-file",
                key_file.to_str().unwrap(),
                "--billing-table",
                gcp::DETAILED_TABLE,
                "--projects",
                &gcp::PROJECTS.join(","),
            ]);
            (mock, add)
        }
        other => panic!("no case for {other}"),
    };
    // Slow enough answers that the kill lands mid-sync.
    mock.set_faults(Faults {
        latency: Duration::from_millis(40),
        ..Default::default()
    });
    Case {
        mock,
        add,
        _dir: dir,
    }
}

fn cloudlens(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cloudlens"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .env("CLOUDLENS_TEST_SECRET", SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn succeeds(c: &mut Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn add_connection(db: &Path, case: &Case) {
    let endpoint = case.mock.endpoint();
    let mut a = vec!["connection", "add", "c", "--endpoint", &endpoint];
    a.extend(case.add.iter().map(String::as_str));
    if !case.add.iter().any(|s| s == "--key-file") {
        a.extend(["--secret-env", "CLOUDLENS_TEST_SECRET"]);
    }
    succeeds(&mut cloudlens(db, &a));
}

fn open(db: &Path) -> Store {
    Store::open(db, &KeySource::Passphrase(Zeroizing::new(PASS.into()))).unwrap()
}

fn killed_sync_resumes(provider: &str) {
    let case = case(provider);
    let dir = tempfile::tempdir().unwrap();
    let (killed, clean) = (dir.path().join("killed.db"), dir.path().join("clean.db"));
    add_connection(&killed, &case);
    add_connection(&clean, &case);

    let before = case.mock.stats().requests;
    succeeds(&mut cloudlens(&clean, SYNC));
    let requests = case.mock.stats().requests - before;
    assert!(requests > 4, "{provider}: {requests} requests");

    // Killed once half of a whole sync's requests have been answered.
    let start = case.mock.stats().requests;
    let mut child = cloudlens(&killed, SYNC).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while case.mock.stats().requests < start + requests / 2 {
        assert!(
            Instant::now() < deadline,
            "{provider}: the sync never got going"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "{provider}: the sync ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    assert!(!child.wait().unwrap().success());
    assert_eq!(open(&killed).lines().rollup_mismatches().unwrap(), 0);

    succeeds(&mut cloudlens(&killed, SYNC));
    let runs = open(&killed).sync().sync_runs(Some("c")).unwrap();
    assert_eq!(runs[0].outcome, "succeeded", "{provider}: {runs:?}");
    assert_eq!(runs[1].outcome, "interrupted", "{provider}: {runs:?}");

    let (a, b) = (contents(&open(&killed), "c"), contents(&open(&clean), "c"));
    assert!(!a[0].is_empty(), "{provider}: no lines");
    for (i, what) in ["lines", "totals", "windows", "inventory"]
        .iter()
        .enumerate()
    {
        assert_eq!(a[i], b[i], "{provider}: {what}");
    }
}

#[test]
fn a_killed_aws_export_sync_resumes_to_the_same_rows_and_totals() {
    killed_sync_resumes("aws");
}

#[test]
fn a_killed_azure_export_sync_resumes_to_the_same_rows_and_totals() {
    killed_sync_resumes("azure");
}

#[test]
fn a_killed_gcp_sync_resumes_to_the_same_rows_and_totals() {
    killed_sync_resumes("gcp");
}

#[test]
fn a_killed_tencent_sync_resumes_to_the_same_rows_and_totals() {
    killed_sync_resumes("tencent");
}

#[test]
fn a_killed_huawei_sync_resumes_to_the_same_rows_and_totals() {
    killed_sync_resumes("huawei");
}
