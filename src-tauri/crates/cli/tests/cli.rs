//! The `cloudlens` binary as a user runs it, on a real encrypted store in
//! passphrase mode.

mod common;
use common::{cloudlens, load_demo, scratch_store, stderr};

#[test]
fn demo_then_summary_json_reports_exact_totals_per_provider_currency_and_month() {
    let (_dir, db, pass) = scratch_store();
    let loaded = load_demo(&db, &pass, 30000, 7, "2026-06-30");
    assert!(loaded.contains("loaded"), "{loaded}");

    let out = cloudlens(&db, &pass, &["summary", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines = v["lines"].as_u64().unwrap();
    assert!((29_000..=31_000).contains(&lines), "lines {lines}");
    let totals = v["totals"].as_array().unwrap();
    let months: std::collections::BTreeSet<&str> = totals
        .iter()
        .map(|r| r["month"].as_str().unwrap())
        .collect();
    assert_eq!(months.len(), 13, "{months:?}");
    assert_eq!(months.last(), Some(&"2026-06"));
    let providers: std::collections::BTreeSet<&str> = totals
        .iter()
        .map(|r| r["provider"].as_str().unwrap())
        .collect();
    assert_eq!(providers.len(), 6, "{providers:?}");
    let row_lines: u64 = totals.iter().map(|r| r["lines"].as_u64().unwrap()).sum();
    assert_eq!(row_lines, lines);
    for r in totals {
        for k in ["billed_cost", "effective_cost"] {
            let s = r[k].as_str().unwrap();
            assert!(
                s.parse::<rust_decimal_check::Dec>().is_ok(),
                "{k} {s:?} is not a decimal string"
            );
        }
        assert!(["CNY", "USD"].contains(&r["billing_currency"].as_str().unwrap()));
    }
}

#[test]
fn a_wrong_passphrase_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass, wrong) = (
        dir.path().join("s.db"),
        dir.path().join("pass"),
        dir.path().join("wrong"),
    );
    std::fs::write(&pass, "right").unwrap();
    std::fs::write(&wrong, "wrong").unwrap();
    assert!(cloudlens(&db, &pass, &["summary"]).status.success());
    let out = cloudlens(&db, &wrong, &["summary"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("does not open the store"), "{err}");
    assert!(
        !err.contains("wrong\n") && !err.contains("right"),
        "passphrase leaked: {err}"
    );
}

/// A decimal string check without floats: optional sign, digits, optional fraction.
mod rust_decimal_check {
    pub struct Dec;
    impl std::str::FromStr for Dec {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            let s = s.strip_prefix('-').unwrap_or(s);
            let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
            let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
            if digits(int) && digits(frac) {
                Ok(Dec)
            } else {
                Err(())
            }
        }
    }
}
