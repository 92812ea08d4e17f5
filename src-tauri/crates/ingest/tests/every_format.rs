//! Every fixture of every provider through the whole pipeline: detected,
//! imported in strict mode, and reconciled to the cent; the JSON lines and
//! CSV exports of the same GCP rows give the same totals.

mod common;

use cloudlens_ingest::{Mode, Outcome};
use common::{fixture, import, store, FIXTURES};

#[test]
fn every_fixture_imports_strictly_and_reconciles() {
    for (name, format) in FIXTURES {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let r = import(&mut s, &fixture(name), Mode::Strict);
        assert_eq!(r.outcome, Outcome::Imported, "{name}: {:#?}", r.problems);
        assert_eq!(r.format, Some(*format), "{name}");
        assert!(r.lines > 0, "{name}");
        assert!(
            !r.reconciliation.is_empty() && r.reconciles(),
            "{name}: {:#?}",
            r.reconciliation
        );
        assert_eq!(s.lines().rollup_mismatches().unwrap(), 0, "{name}");
        assert_eq!(s.lines().line_count().unwrap(), r.lines, "{name}");
    }
}

#[test]
fn gcp_json_lines_and_csv_give_the_same_totals() {
    let totals = |name: &str| {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let r = import(&mut s, &fixture(name), Mode::Strict);
        assert_eq!(r.outcome, Outcome::Imported, "{name}: {:#?}", r.problems);
        (
            r.lines,
            r.reconciliation
                .iter()
                .map(|g| (g.billing_period.clone(), g.currency.clone(), g.stored_total))
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        totals("gcp_billing_export_detailed.csv"),
        totals("gcp_billing_export_detailed.jsonl")
    );
}

#[test]
fn chinese_clouds_bill_in_utc_plus_8_months() {
    for name in [
        "alibaba_console_zh.csv",
        "tencent_bill3_en.csv",
        "huawei_instance_bill_zh.csv",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut s = store(dir.path());
        let r = import(&mut s, &fixture(name), Mode::Strict);
        for g in &r.reconciliation {
            // A UTC+8 month starts at 16:00 UTC on the previous day.
            assert_eq!(
                g.billing_period_start.rem_euclid(86_400),
                16 * 3600,
                "{name} {}",
                g.billing_period
            );
        }
    }
}
