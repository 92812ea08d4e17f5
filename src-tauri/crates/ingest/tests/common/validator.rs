//! The FinOps Foundation's FOCUS validator (focus-validator 2.2.1 from
//! PyPI, run through `.ci/focus-validate`) and the rules it gets wrong.
//!
//! The validator needs Python 3.12; without it the tests that use it fail
//! (they never pass silently). Its first run installs it into
//! ~/.cache/focus-validator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Python 3.12, looked for where `.ci/focus-validate` looks.
pub fn python312() -> Option<PathBuf> {
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

pub struct Report {
    pub summary: String,
    /// Failed rule id to the validator's message.
    pub failed: BTreeMap<String, String>,
}

/// Runs the validator on `file` and returns the rules that failed.
pub fn validate(file: &Path) -> Report {
    assert!(
        python312().is_some(),
        "the FOCUS validator needs Python 3.12 (python3.12 on PATH or under pyenv); \
         install it to run these tests"
    );
    let script =
        Path::new(&String::from(env!("CARGO_MANIFEST_DIR"))).join("../../../.ci/focus-validate");
    // The first run installs the validator: until it is installed, one run
    // at a time across test processes; then any number (shared lock).
    let lock = std::env::temp_dir().join("cloudlens-focus-validate.lock");
    let mode = if installed() {
        "--shared"
    } else {
        "--exclusive"
    };
    let out = Command::new("flock")
        .arg(mode)
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

/// Whether `.ci/focus-validate` has installed the validator.
// Tests find the validator where the environment says it was installed.
#[allow(clippy::disallowed_methods)]
fn installed() -> bool {
    let home = std::env::var_os("FOCUS_VALIDATOR_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/focus-validator"))
        });
    home.is_some_and(|h| h.join("bin/focus-validator").exists())
}

/// Runs the validator on each of `files`, two at a time once it is
/// installed (each run takes seconds, mostly the validator starting up),
/// and returns the reports in the same order.
pub fn validate_all(files: &[PathBuf]) -> Vec<Report> {
    let Some((first, rest)) = files.split_first() else {
        return Vec::new();
    };
    // The first run alone: it installs the validator if need be.
    let mut reports = vec![validate(first)];
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Report)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(file) = rest.get(i) else { break };
                        mine.push((i, validate(file)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a validator thread panicked"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    reports.extend(done.into_iter().map(|(_, r)| r));
    reports
}

/// Asserts that every failed rule is either a named false failure or a
/// composite rule (an AND or OR of other rules, with no check of its own),
/// and that every named false failure does fail. Composites are judged by
/// their leaves rather than by their messages, whose lists of failed
/// children are not reliable (2.2.1 names RegionId-C-000-C as a failed
/// child of CostAndUsage-D-002-M when RegionName-C-000-C failed).
pub fn assert_only_known_failures(report: &Report, known: &[(&str, &str)]) {
    let problems = known_failure_problems(report, known);
    assert!(problems.is_empty(), "{}\n{}", report.summary, problems);
}

/// What [`assert_only_known_failures`] would complain about, or an empty
/// string: the unexpected failures and the named false failures that passed.
pub fn known_failure_problems(report: &Report, known: &[(&str, &str)]) -> String {
    let known: BTreeMap<&str, &str> = known.iter().copied().collect();
    let unexplained: Vec<String> = report
        .failed
        .iter()
        .filter(|(rule, msg)| !known.contains_key(rule.as_str()) && !is_composite(msg))
        .map(|(rule, msg)| format!("{rule}: {msg}"))
        .collect();
    let stale: Vec<&str> = known
        .keys()
        .filter(|rule| !report.failed.contains_key(**rule))
        .copied()
        .collect();
    let mut out = String::new();
    if !unexplained.is_empty() {
        out.push_str("unexpected validator failures:\n");
        out.push_str(&unexplained.join("\n"));
        out.push('\n');
    }
    if !stale.is_empty() {
        out.push_str(&format!(
            "listed as known false failures but passed (remove them from the list): {stale:?}\n"
        ));
    }
    out
}

pub fn is_composite(msg: &str) -> bool {
    msg.contains("AND failed - failed child rules")
        || msg.contains("OR failed - all child rules failed")
}

// ---------------------------------------------------------------------------
// What the validator gets wrong

/// Rules of the 1.2 requirements model (as validator 2.2.1 runs them) that
/// no realistic file passes.
pub const MODEL_DEFECTS: &[(&str, &str)] = &[
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
];

/// InvoiceId-C-004-C (MUST be null) and InvoiceId-C-005-C (MUST NOT be
/// null) lose their conditions (whether the charge is on an invoice) and
/// are both unconditional; their parent InvoiceId-C-003-C is their OR and
/// passes, but the leaf is still reported. Data whose lines all carry an
/// invoice id fails the first, data with none the second.
pub const INVOICE_IDS_PRESENT: (&str, &str) = (
    "InvoiceId-C-004-C",
    "unconditional 'MUST be null' (its condition, the charge not being invoiced, is dropped); \
     every line carries the invoice id its bill gives",
);

/// See [`INVOICE_IDS_PRESENT`].
pub const INVOICE_IDS_ABSENT: (&str, &str) = (
    "InvoiceId-C-005-C",
    "unconditional 'MUST NOT be null' (its condition, the charge being invoiced, is dropped); \
     this bill has no invoice id (InvoiceId is a 1.2 column, and a recommended one)",
);

/// EffectiveCost MUST be 0 on a purchase "intended to cover future
/// eligible charges" (a commitment discount bought ahead, then amortized
/// onto the usage it covers); the model drops that qualifier and checks
/// every Purchase line (SQL: WHERE ChargeCategory = 'Purchase').
pub const PURCHASES_NOT_AMORTIZED: (&str, &str) = (
    "EffectiveCost-C-005-C",
    "the model drops 'intended to cover future eligible charges' and wants EffectiveCost 0 on \
     every Purchase; these purchases (a subscription instance, a marketplace plan, a fee \
     accrued as it is used) cover no other charges, have no usage lines to be amortized onto, \
     and so keep EffectiveCost = BilledCost; commitment purchases do have EffectiveCost 0",
);

/// BilledCost MUST be 0 "for charges where payments are received by a
/// third party (e.g., marketplace transactions)"; the model reads that as
/// ProviderName differing from InvoiceIssuerName.
pub const ISSUER_IS_THE_PROVIDERS_OWN: (&str, &str) = (
    "BilledCost-C-005-C",
    "the model reads 'payment received by a third party' as ProviderName differing from \
     InvoiceIssuerName; here the issuer is the provider's own billing entity (ProviderName AWS, \
     invoiced by Amazon Web Services, Inc. or Amazon Web Services Canada, Inc.), no third party",
);

/// CapacityReservationStatus-C-003-C has the same dropped condition
/// (CapacityReservationId is null), so any line with a status fails it.
pub const CAPACITY_RESERVATION_STATUS_SET: (&str, &str) = (
    "CapacityReservationStatus-C-003-C",
    "its condition (CapacityReservationId is null) is dropped like C-004-C's, so it demands a \
     null status on every line and fails on the line that uses a capacity reservation",
);

/// The StringHandling rule of 2.2.1 for one column: "MUST contain only
/// ASCII characters". FOCUS 1.2 requires no such thing (1.3 says strings
/// MUST be valid Unicode), so Chinese names and descriptions fail it.
pub fn ascii_only(rules: &[&'static str]) -> Vec<(&'static str, &'static str)> {
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
pub fn csv_numeric_ids(rules: &[&'static str]) -> Vec<(&'static str, &'static str)> {
    rules
        .iter()
        .map(|r| (*r, "CSV type inference reads all-digit ids as integers"))
        .collect()
}
