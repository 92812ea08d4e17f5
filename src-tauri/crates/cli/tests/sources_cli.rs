//! `cloudlens sources` on a real store fed twice for one month: an AWS
//! connection through Cost Explorer (a daily summary) and one through the
//! CUR 2.0 export in S3 (the bill's lines), both against the AWS mock. The
//! itemised export holds the month, the summary is kept aside, and the
//! spend is the month's total once; preferring the API swaps them without
//! re-fetching, and `auto` swaps them back.

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use cloudlens_mockcloud::aws::start_aws;
use cloudlens_mockcloud::{cents_text, Account, AccountSpec, MockCloud};
use common::{cloudlens_with, json, ok, scratch_store};
use serde_json::Value;

const KEY_ID: &str = "AKIAMOCKREADONLYKEY01";
const SECRET: &str = "mock/secret+8f2b61c0a9d34e7f0b1c2d3e4f";

fn add(db: &std::path::Path, pass: &std::path::Path, name: &str, mock: &MockCloud, bucket: bool) {
    let endpoint = mock.endpoint();
    let mut args = vec![
        "connection",
        "add",
        name,
        "--provider",
        "aws",
        "--key-id",
        KEY_ID,
        "--secret-env",
        "CLOUDLENS_TEST_SECRET",
        "--endpoint",
        &endpoint,
    ];
    if bucket {
        args.extend([
            "--source",
            "bucket",
            "--bucket",
            "cloudlens-billing",
            "--prefix",
            "exports",
        ]);
    }
    ok(&cloudlens_with(
        db,
        pass,
        &args,
        &[("CLOUDLENS_TEST_SECRET", SECRET)],
    ));
}

/// Billed cost per provider in `cloudlens summary --json`.
fn billed(v: &Value) -> BTreeMap<String, String> {
    v["totals"]
        .as_array()
        .expect("totals")
        .iter()
        .map(|r| {
            (
                r["provider"].as_str().unwrap_or_default().to_string(),
                r["billed_cost"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The January scope's origins as (origin, route, detail, active).
fn january(v: &Value) -> Vec<(String, String, String, bool)> {
    let scopes = v["scopes"].as_array().expect("scopes");
    let jan: Vec<&Value> = scopes.iter().filter(|s| s["month"] == "2025-01").collect();
    assert_eq!(jan.len(), 1, "{v}");
    assert_eq!(jan[0]["provider"], "AWS", "{v}");
    jan[0]["origins"]
        .as_array()
        .expect("origins")
        .iter()
        .map(|o| {
            (
                o["origin"].as_str().unwrap_or_default().to_string(),
                o["route"].as_str().unwrap_or_default().to_string(),
                o["detail"].as_str().unwrap_or_default().to_string(),
                o["active"].as_bool().unwrap_or_default(),
            )
        })
        .collect()
}

fn origin(name: &str, route: &str, detail: &str, active: bool) -> (String, String, String, bool) {
    (name.into(), route.into(), detail.into(), active)
}

#[test]
fn one_month_from_two_sources_counts_once_and_the_user_chooses() {
    let account = Account::generate(&AccountSpec {
        seed: 11,
        resources: 20,
        first_day: NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date"),
        days: 31,
        currency: "USD".into(),
    });
    let month_total = cents_text(account.month_cents("2025-01"));
    let mock = start_aws(account, KEY_ID, SECRET).expect("the AWS mock");
    let (_dir, db, pass) = scratch_store();
    let run = |args: &[&str]| cloudlens_with(&db, &pass, args, &[]);
    add(&db, &pass, "ce", &mock, false);
    add(&db, &pass, "cur", &mock, true);
    for name in ["ce", "cur"] {
        ok(&run(&[
            "sync", name, "--from", "2025-01", "--to", "2025-01",
        ]));
    }
    assert_eq!(mock.stats().bad_signatures, 0);

    let spend = || billed(&json(&run(&["summary", "--json"])));
    let lines = || {
        json(&run(&["summary", "--json"]))["lines"]
            .as_u64()
            .unwrap_or(0)
    };
    let sources = || json(&run(&["sources", "list", "--json"]));
    assert_eq!(spend()["AWS"], month_total, "counted once");
    assert_eq!(
        january(&sources()),
        vec![
            origin("cur", "bucket", "itemised", true),
            origin("ce", "api", "daily_summary", false),
        ]
    );
    let itemised_lines = lines();

    ok(&run(&["sources", "prefer", "AWS", "api"]));
    let v = sources();
    assert_eq!(v["preferences"][0]["route"], "api", "{v}");
    assert_eq!(
        january(&v),
        vec![
            origin("ce", "api", "daily_summary", true),
            origin("cur", "bucket", "itemised", false),
        ]
    );
    assert_eq!(
        spend()["AWS"],
        month_total,
        "the summary states the same month"
    );
    assert!(lines() < itemised_lines, "a daily summary has fewer lines");
    let text = ok(&run(&["sources", "list"]));
    assert!(text.contains("AWS prefers api"), "{text}");
    assert!(
        text.contains("kept aside: cur (bucket, itemised)"),
        "{text}"
    );

    ok(&run(&["sources", "prefer", "aws", "auto"]));
    assert_eq!(
        january(&sources())[0],
        origin("cur", "bucket", "itemised", true)
    );
    assert_eq!(
        lines(),
        itemised_lines,
        "the export's lines came back whole"
    );
    assert_eq!(spend()["AWS"], month_total);

    let bad = run(&["sources", "prefer", "AWS", "email"]);
    assert!(!bad.status.success());
    assert!(
        common::stderr(&bad).contains("expected file, api or bucket"),
        "{}",
        common::stderr(&bad)
    );

    // Every change is in the audit log.
    let log = ok(&run(&["audit", "log"]));
    assert!(log.contains("source:AWS"), "{log}");
}
