mod common;

use std::sync::Arc;

use cloudlens_model::{ChargeCategory, LineDims};
use cloudlens_store::{day_index, InvoiceRecord, RunKind};
use common::*;

fn with_category(base: &Arc<LineDims>, c: ChargeCategory) -> Arc<LineDims> {
    let mut d = (**base).clone();
    d.charge_category = c;
    Arc::new(d)
}

#[test]
fn billed_sums_split_categories_and_charges_outside_the_period_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let usage = dims("Alibaba Cloud", "1688", "CNY", "ECS");
    let tax = with_category(&usage, ChargeCategory::Tax);
    let credit = with_category(&usage, ChargeCategory::Credit);
    store
        .lines_mut()
        .import(spec(RunKind::File), |s| {
            s.push(line(&usage, (2026, 1, 3), "10.005", "10.005", 1))?;
            s.push(line(&usage, (2026, 1, 4), "10.004", "10.004", 2))?;
            s.push(line(&tax, (2026, 1, 31), "1.2", "1.2", 3))?;
            s.push(line(&credit, (2026, 1, 31), "-2.345", "-2.345", 4))?;
            // Charged in December, billed in January.
            let mut late = line(&usage, (2025, 12, 30), "3.333333333", "3.333333333", 5);
            late.billing_period_start =
                cloudlens_model::day_start(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
            late.billing_period_end =
                cloudlens_model::day_start(chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
            s.push(late)?;
            // February, outside the range asked for.
            s.push(line(&usage, (2026, 2, 2), "99", "99", 6))
        })
        .unwrap();
    let from = day_index(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()) * 86_400;
    let to = day_index(chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()) * 86_400;
    let mut sums = store.lines().billed_sums(from, to).unwrap();
    sums.sort_by(|a, b| {
        (&a.charge_category, a.outside_period).cmp(&(&b.charge_category, b.outside_period))
    });
    let got: Vec<(&str, bool, i128, i128, u64)> = sums
        .iter()
        .map(|s| {
            (
                s.charge_category.as_str(),
                s.outside_period,
                s.billed,
                s.billed_cents,
                s.lines,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("Credit", false, -2_345_000_000, -2_350_000_000, 1),
            ("Tax", false, 1_200_000_000, 1_200_000_000, 1),
            ("Usage", false, 20_009_000_000, 20_010_000_000, 2),
            ("Usage", true, 3_333_333_333, 3_330_000_000, 1),
        ]
    );
    assert!(sums.iter().all(|s| s.provider == "Alibaba Cloud"
        && s.billing_account == "1688"
        && s.currency == "CNY"));
    assert!(sums
        .iter()
        .all(|s| s.period_start == from && s.period_end == to));
}

fn invoice(amount: &str) -> InvoiceRecord {
    InvoiceRecord {
        provider: "Alibaba Cloud".into(),
        billing_account: "1234".into(),
        month: "2026-01".into(),
        currency: "CNY".into(),
        amount: amount.into(),
        invoice_id: Some("INV-1".into()),
        note: "发票".into(),
        source: "entered".into(),
        entered_at: 10,
    }
}

#[test]
fn definitions_are_saved_replaced_listed_and_removed_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("s.db"));
    s.reports_mut()
        .save_report_definition("月报", r#"{"title":"a"}"#, 1)
        .unwrap();
    s.reports_mut()
        .save_report_definition("月报", r#"{"title":"b"}"#, 2)
        .unwrap();
    s.reports_mut()
        .save_report_definition("annual", "{}", 3)
        .unwrap();
    let all = s.reports().report_definitions().unwrap();
    assert_eq!(
        all.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["annual", "月报"]
    );
    let d = s.reports().report_definition("月报").unwrap().unwrap();
    assert_eq!((d.spec.as_str(), d.saved_at), (r#"{"title":"b"}"#, 2));
    assert!(s.reports_mut().remove_report_definition("月报").unwrap());
    assert!(!s.reports_mut().remove_report_definition("月报").unwrap());
    assert!(s.reports().report_definition("月报").unwrap().is_none());
}

#[test]
fn invoice_amounts_replace_by_key_and_keep_exact_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = open(&dir.path().join("s.db"));
    assert_eq!(
        s.reports_mut()
            .put_invoice_amounts(&[invoice("100.10")])
            .unwrap(),
        (1, 0)
    );
    assert_eq!(
        s.reports_mut()
            .put_invoice_amounts(&[invoice("12345678901234.99")])
            .unwrap(),
        (0, 1)
    );
    let all = s.reports().invoice_amounts().unwrap();
    assert_eq!(all, vec![invoice("12345678901234.99")]);
    assert!(s
        .reports_mut()
        .remove_invoice_amount("Alibaba Cloud", "1234", "2026-01", "CNY")
        .unwrap());
    assert!(s.reports().invoice_amounts().unwrap().is_empty());
}
