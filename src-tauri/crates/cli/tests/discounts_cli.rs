//! `cloudlens recommendations discounts`: the api's discount analysis,
//! unchanged, as JSON and as CSV, on the demo data.

mod common;

use cloudlens_api::{CloudLens, KeySource};
use common::{cloudlens, json, load_demo, ok, scratch_store};
use zeroize::Zeroizing;

#[test]
fn discounts_print_the_api_analysis() {
    let (_dir, db, pass) = scratch_store();
    load_demo(&db, &pass, 12000, 7, "2026-05-19");
    let run = |args: &[&str]| cloudlens(&db, &pass, args);

    let printed = json(&run(&["recommendations", "discounts", "--months", "6"]));
    let key = KeySource::Passphrase(Zeroizing::new("a long passphrase".into()));
    let rows = CloudLens::open(&db, &key, cloudlens_api::Actor::fixed("tester"))
        .unwrap()
        .discount_analysis(6)
        .unwrap();
    assert!(!rows.is_empty());
    assert_eq!(printed["discounts"], serde_json::to_value(&rows).unwrap());
    assert!(rows
        .iter()
        .any(|r| r.negotiated_rate.as_deref().is_some_and(|p| p != "0")));
    let months: std::collections::BTreeSet<_> = rows.iter().map(|r| r.month.as_str()).collect();
    assert_eq!(months.len(), 6, "{months:?}");

    let out = run(&[
        "recommendations",
        "discounts",
        "--months",
        "6",
        "--format",
        "csv",
    ]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("provider,billing_account,service,currency,month,list,contracted,effective,negotiated_rate,effective_rate,no_discount,rate_change")
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows.len());
    for (r, row) in records.iter().zip(&rows) {
        assert_eq!(&r[2], row.service);
        assert_eq!(&r[5], row.list);
        assert_eq!(&r[8], row.negotiated_rate.as_deref().unwrap_or(""));
        assert_eq!(&r[10], row.no_discount.to_string());
    }
}
