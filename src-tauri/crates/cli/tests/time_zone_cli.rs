//! `--time-zone` on `summary` and `explore`: an Alibaba Cloud bill in
//! Beijing time adds up to the provider's own months when days are counted
//! in Asia/Shanghai, and the two commands agree.

use std::collections::BTreeMap;

mod common;
use common::{cloudlens, json, ok, stderr};

/// An Alibaba bill (OSS export, English header) with one 21.17 CNY line on
/// each of 30 September, 1 October, 31 October and 1 November (Beijing).
fn beijing_bill(dir: &std::path::Path) -> std::path::PathBuf {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tests/fixtures/ingest/alibaba_oss_en.csv"
    );
    let text = std::fs::read_to_string(fixture).unwrap();
    let mut lines = text.lines();
    let (header, row) = (lines.next().unwrap(), lines.next().unwrap());
    let mut csv = format!("{header}\n");
    let days = [
        ("2026-09", "2026-09-30", "2026-10-01"),
        ("2026-10", "2026-10-01", "2026-10-02"),
        ("2026-10", "2026-10-31", "2026-11-01"),
        ("2026-11", "2026-11-01", "2026-11-02"),
    ];
    for (i, (cycle, day, next)) in days.iter().enumerate() {
        let r = row
            .replacen("2025-01,", &format!("{cycle},"), 1)
            .replace("2025-01-15", day)
            .replace("2025-01-16 00:00:00", &format!("{next} 00:00:00"))
            .replace("2025011600000001", &format!("20261000000000{i}"));
        csv.push_str(&r);
        csv.push('\n');
    }
    let path = dir.join("alibaba_beijing.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn summary_months(v: &serde_json::Value) -> BTreeMap<String, String> {
    v["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["month"].as_str().unwrap().to_string(),
                r["billed_cost"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn explore_months(v: &serde_json::Value) -> BTreeMap<String, String> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["period"].as_str().unwrap()[..7].to_string(),
                r["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn months(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(m, a)| (m.to_string(), a.to_string()))
        .collect()
}

#[test]
fn summary_and_explore_count_beijing_months_in_the_zone_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let bill = beijing_bill(dir.path());
    let out = cloudlens(&db, &pass, &["import", bill.to_str().unwrap()]);
    ok(&out);

    let explore = |zone: &str| {
        let out = cloudlens(
            &db,
            &pass,
            &[
                "explore",
                "--from",
                "2026-09-01",
                "--to",
                "2026-12-01",
                "--granularity",
                "month",
                "--metric",
                "billed",
                "--time-zone",
                zone,
            ],
        );
        explore_months(&json(&out))
    };
    let summary = |zone: &str| {
        let out = cloudlens(&db, &pass, &["summary", "--json", "--time-zone", zone]);
        summary_months(&json(&out))
    };

    let bill_months = months(&[
        ("2026-09", "21.17"),
        ("2026-10", "42.34"),
        ("2026-11", "21.17"),
    ]);
    assert_eq!(summary("Asia/Shanghai"), bill_months);
    assert_eq!(explore("Asia/Shanghai"), bill_months);

    // In UTC each Beijing day starts at 16:00 the day before.
    let utc_months = months(&[("2026-09", "42.34"), ("2026-10", "42.34")]);
    assert_eq!(summary("UTC"), utc_months);
    assert_eq!(explore("UTC"), utc_months);
    // Without the flag the store's own setting holds: a store no app has
    // opened keeps UTC days.
    let out = cloudlens(&db, &pass, &["summary", "--json"]);
    assert_eq!(summary_months(&json(&out)), utc_months);

    let out = cloudlens(&db, &pass, &["summary", "--time-zone", "Mars/Olympus"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Mars/Olympus"), "{}", stderr(&out));
}
