//! `cloudlens explore` as automation runs it: the documented JSON shape, CSV,
//! `--timing`, and totals that agree with `summary` (which reads the daily
//! rollup, not the explorer's snapshot).

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

mod common;
use common::{cloudlens, load_demo, scratch_store, stderr};

#[test]
fn explore_json_has_the_documented_shape_and_agrees_with_summary() {
    let (_dir, db, pass) = scratch_store();
    load_demo(&db, &pass, 8000, 5, "2026-06-30");

    let out = cloudlens(
        &db,
        &pass,
        &[
            "explore",
            "--group-by",
            "provider,tag:team",
            "--from",
            "2025-01-01",
            "--to",
            "2026-07-01",
            "--granularity",
            "month",
            "--metric",
            "billed",
            "--format",
            "json",
            "--timing",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("query: "), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert!(!rows.is_empty());
    let mut by: BTreeMap<(String, String, String), Decimal> = BTreeMap::new();
    let mut untagged = 0;
    for r in rows {
        let o = r.as_object().unwrap();
        let mut keys: Vec<&str> = o.keys().map(|k| k.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["amount", "currency", "groups", "period"]);
        let groups = r["groups"].as_object().unwrap();
        assert_eq!(groups.len(), 2);
        let provider = groups["provider"].as_str().unwrap().to_string();
        match &groups["tag:team"] {
            serde_json::Value::Null => untagged += 1,
            serde_json::Value::String(_) => {}
            other => panic!("tag value {other}"),
        }
        let period = r["period"].as_str().unwrap();
        assert!(period.len() == 10 && period.ends_with("-01"), "{period}");
        let amount = Decimal::from_str(r["amount"].as_str().unwrap()).unwrap();
        *by.entry((
            period[..7].to_string(),
            provider,
            r["currency"].as_str().unwrap().to_string(),
        ))
        .or_default() += amount;
    }
    assert!(untagged > 0, "untagged spend is null");

    let out = cloudlens(&db, &pass, &["summary", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want: BTreeMap<(String, String, String), Decimal> = BTreeMap::new();
    for r in s["totals"].as_array().unwrap() {
        let k = (
            r["month"].as_str().unwrap().to_string(),
            r["provider"].as_str().unwrap().to_string(),
            r["billing_currency"].as_str().unwrap().to_string(),
        );
        *want.entry(k).or_default() +=
            Decimal::from_str(r["billed_cost"].as_str().unwrap()).unwrap();
    }
    want.retain(|_, v| !v.is_zero());
    assert_eq!(by, want);

    // CSV of the same question, with a filter and an exclusion.
    let out = cloudlens(
        &db,
        &pass,
        &[
            "explore",
            "--group-by",
            "service",
            "--filter",
            "provider=AWS",
            "--exclude",
            "service=Amazon EC2",
            "--from",
            "2026-06-01",
            "--to",
            "2026-07-01",
            "--granularity",
            "week",
            "--metric",
            "effective",
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("period,service,amount,currency"));
    assert!(text.lines().count() > 1);
    assert!(!text.contains("Amazon EC2,"));

    let out = cloudlens(
        &db,
        &pass,
        &[
            "explore",
            "--group-by",
            "colour",
            "--from",
            "2026-06-01",
            "--to",
            "2026-07-01",
        ],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown dimension \"colour\""),
        "{}",
        stderr(&out)
    );
}
