//! FOCUS 1.2 exports checked by the FinOps Foundation's own validator
//! (focus-validator 2.2.1 from PyPI, run through `.ci/focus-validate`).
//!
//! The validator needs Python 3.12; without it these tests fail (they never
//! pass silently). Its first run installs it into ~/.cache/focus-validator.
//!
//! Every rule the validator fails on our exports is named below with the
//! reason it is a false failure; anything else failing fails the test.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cloudlens_ingest::export_focus;
use cloudlens_store::{LineFilter, Store};
use common::{demo_store, hand_built_store};

// ---------------------------------------------------------------------------
// The validator

/// Python 3.12, looked for where `.ci/focus-validate` looks.
fn python312() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Ok(out) = Command::new("pyenv").arg("root").output() {
        let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if let Ok(entries) = std::fs::read_dir(root.join("versions")) {
            let mut versions: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("3.12"))
                .map(|e| e.path().join("bin/python3.12"))
                .collect();
            versions.sort();
            candidates.extend(versions);
        }
    }
    candidates.push("python3.12".into());
    candidates.push("/usr/bin/python3.12".into());
    candidates.into_iter().find(|c| {
        Command::new(c)
            .args(["-c", "import sys; assert sys.version_info[:2] == (3, 12)"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

struct Report {
    summary: String,
    /// Failed rule id to the validator's message.
    failed: BTreeMap<String, String>,
}

/// Runs the validator on `file` and returns the rules that failed.
fn validate(file: &Path) -> Report {
    assert!(
        python312().is_some(),
        "the FOCUS validator needs Python 3.12 (python3.12 on PATH or under pyenv); \
         install it to run these tests"
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../.ci/focus-validate");
    // One validator at a time across test processes: the first run installs it.
    let lock = std::env::temp_dir().join("cloudlens-focus-validate.lock");
    let out = Command::new("flock")
        .arg(&lock)
        .arg("bash")
        .arg(&script)
        .arg(file)
        .arg("1.2")
        .output()
        .expect("run flock and bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("focus-validate: 1.2 total="))
        .unwrap_or_else(|| {
            panic!(
                "the validator gave no result (exit {:?})\n{stdout}\n{stderr}",
                out.status.code()
            )
        })
        .to_string();
    let mut failed = BTreeMap::new();
    for l in stdout.lines() {
        if let Some(rest) = l.strip_prefix("❌ ") {
            if let Some((rule, msg)) = rest.split_once(": FAIL") {
                failed.insert(rule.trim().to_string(), msg.trim().to_string());
            }
        }
    }
    let fail_count: usize = summary
        .split_whitespace()
        .find_map(|w| w.strip_prefix("fail="))
        .and_then(|n| n.parse().ok())
        .expect("fail count");
    assert_eq!(failed.len(), fail_count, "parsed every failure: {summary}");
    Report { summary, failed }
}

/// Asserts that every failed rule is either a named false failure or a
/// composite rule (an AND or OR of other rules, with no check of its own),
/// and that every named false failure does fail. Composites are judged by
/// their leaves rather than by their messages, whose lists of failed
/// children are not reliable (2.2.1 names RegionId-C-000-C as a failed
/// child of CostAndUsage-D-002-M when RegionName-C-000-C failed).
fn assert_only_known_failures(report: &Report, known: &[(&str, &str)]) {
    let known: BTreeMap<&str, &str> = known.iter().copied().collect();
    let unexplained: Vec<String> = report
        .failed
        .iter()
        .filter(|(rule, msg)| !known.contains_key(rule.as_str()) && !is_composite(msg))
        .map(|(rule, msg)| format!("{rule}: {msg}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{}\nunexpected validator failures:\n{}",
        report.summary,
        unexplained.join("\n")
    );
    let stale: Vec<&str> = known
        .keys()
        .filter(|rule| !report.failed.contains_key(**rule))
        .copied()
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nlisted as known false failures but passed (remove them from the list): {stale:?}",
        report.summary
    );
}

fn is_composite(msg: &str) -> bool {
    msg.contains("AND failed - failed child rules")
        || msg.contains("OR failed - all child rules failed")
}

// ---------------------------------------------------------------------------
// What the validator gets wrong

/// Rules of the 1.2 requirements model (as validator 2.2.1 runs them) that
/// no realistic file passes.
const MODEL_DEFECTS: &[(&str, &str)] = &[
    (
        "CommitmentDiscountStatus-C-004-C",
        "the spec says MUST NOT be null when CommitmentDiscountId is not null and ChargeCategory \
         is Usage; the model encodes the condition inverted (SQL: CommitmentDiscountStatus IS NULL \
         AND CommitmentDiscountId IS NULL), so every line without a commitment discount fails, \
         contradicting CommitmentDiscountStatus-C-003-C (MUST be null then)",
    ),
    (
        "CapacityReservationStatus-C-004-C",
        "the condition (CapacityReservationId not null and ChargeCategory Usage) is written as \
         {\"AND\": [...]}, a form the validator drops, so it demands a status on every line \
         (SQL: WHERE CapacityReservationStatus IS NULL)",
    ),
    (
        "InvoiceId-C-004-C",
        "InvoiceId-C-004-C (MUST be null) and InvoiceId-C-005-C (MUST NOT be null) lose their \
         conditions (whether the charge is on an invoice) and are both unconditional; their \
         parent InvoiceId-C-003-C is their OR and passes, but the leaf is still reported",
    ),
];

/// CapacityReservationStatus-C-003-C has the same dropped condition
/// (CapacityReservationId is null), so any line with a status fails it.
const CAPACITY_RESERVATION_STATUS_SET: (&str, &str) = (
    "CapacityReservationStatus-C-003-C",
    "its condition (CapacityReservationId is null) is dropped like C-004-C's, so it demands a \
     null status on every line and fails on the line that uses a capacity reservation",
);

/// The StringHandling rule of 2.2.1 for one column: "MUST contain only
/// ASCII characters". FOCUS 1.2 requires no such thing (1.3 says strings
/// MUST be valid Unicode), so Chinese names and descriptions fail it.
fn ascii_only(rules: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    rules
        .iter()
        .map(|r| {
            (
                *r,
                "the validator's ASCII-only string check; the text is Chinese",
            )
        })
        .collect()
}

/// CSV has no types: the validator reads it with polars, which types a
/// column whose first 10,000 values are all digits as an integer, and then
/// the column fails "MUST be of type VARCHAR". No quoting changes that (it
/// is the value, not the quoting, that polars looks at), and altering the
/// ids is not an option; the Parquet export keeps them strings and passes.
fn csv_numeric_ids(rules: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    rules
        .iter()
        .map(|r| (*r, "CSV type inference reads all-digit ids as integers"))
        .collect()
}

fn export_and_validate(store: &Store, dir: &Path, name: &str, known: &[(&str, &str)]) {
    let path = dir.join(name);
    let summary = export_focus(store, &LineFilter::default(), &path).unwrap();
    assert!(summary.lines > 0);
    let report = validate(&path);
    assert_only_known_failures(&report, known);
}

// ---------------------------------------------------------------------------
// The demo data set: 20,000 lines of six providers.

/// The demo's own data, not the export: its commitment and subscription
/// purchase lines carry a SkuId but no SkuMeter (a SHOULD of FOCUS 1.2,
/// SkuMeter-C-005-C). To be fixed in cloudlens-demo; remove it here then.
const DEMO_DATA_FINDINGS: &[(&str, &str)] = &[(
    "SkuMeter-C-005-C",
    "demo purchase lines have a SkuId without a SkuMeter",
)];

fn demo_known() -> Vec<(&'static str, &'static str)> {
    let mut known = MODEL_DEFECTS.to_vec();
    known.extend(DEMO_DATA_FINDINGS);
    known.push((
        "BilledCost-C-005-C",
        "the model reads 'payment received by a third party (marketplace)' as ProviderName \
         differing from InvoiceIssuerName; the demo names each provider's own billing entity \
         as issuer (AWS / Amazon Web Services, Inc., Alibaba Cloud / 阿里云计算有限公司), \
         which is no third party",
    ));
    known.extend(ascii_only(&[
        "BillingAccountName-C-002-M",
        "ChargeDescription-C-002-M",
        "CommitmentDiscountName-C-002-M",
        "CommitmentDiscountType-C-002-M",
        "InvoiceIssuerName-C-002-M",
        "RegionName-C-002-M",
        "ResourceName-C-002-M",
        "SkuMeter-C-002-M",
        "SubAccountName-C-002-M",
    ]));
    known
}

#[test]
fn demo_export_as_csv_passes_the_validator() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    // The demo mixes providers from its first lines, so every id column
    // holds some non-numeric ids and CSV typing has nothing to get wrong.
    export_and_validate(&store, dir.path(), "demo.csv", &demo_known());
}

#[test]
fn demo_export_as_parquet_passes_the_validator() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(dir.path());
    export_and_validate(&store, dir.path(), "demo.parquet", &demo_known());
}

// ---------------------------------------------------------------------------
// The hand-built set

fn hand_built_known() -> Vec<(&'static str, &'static str)> {
    let mut known = MODEL_DEFECTS.to_vec();
    known.push(CAPACITY_RESERVATION_STATUS_SET);
    known.extend(ascii_only(&[
        "BillingAccountName-C-002-M",
        "ChargeDescription-C-002-M",
        "RegionName-C-002-M",
        "SubAccountName-C-002-M",
    ]));
    known
}

#[test]
fn hand_built_export_as_csv_passes_the_validator() {
    let dir = tempfile::tempdir().unwrap();
    let store = hand_built_store(dir.path());
    let mut known = hand_built_known();
    // Both accounts' ids are all digits (as AWS and Alibaba ids are).
    known.extend(csv_numeric_ids(&[
        "BillingAccountId-C-002-M",
        "SubAccountId-C-001-M",
    ]));
    export_and_validate(&store, dir.path(), "hand.csv", &known);
}

#[test]
fn hand_built_export_as_parquet_passes_the_validator() {
    let dir = tempfile::tempdir().unwrap();
    let store = hand_built_store(dir.path());
    export_and_validate(&store, dir.path(), "hand.parquet", &hand_built_known());
}
