//! `cloudlens anomalies` and `cloudlens monitor` as a user runs them: the
//! documented JSON shape, CSV, feedback and monitors, on a real store.

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use common::cloudlens;

fn ok(o: Output) -> Output {
    common::ok(&o);
    o
}

fn json(o: Output) -> serde_json::Value {
    common::json(&o)
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn anomalies_json_csv_feedback_and_monitors() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let run = |args: &[&str]| cloudlens(&db, &pass, args);
    ok(run(&[
        "demo",
        "--lines",
        "60000",
        "--seed",
        "7",
        "--end",
        "2026-06-30",
    ]));

    let s = json(run(&["anomalies", "detect"]));
    // Services, billing accounts, and the demo rules' team tag.
    assert_eq!(s["monitors"], 3, "{s}");
    let v = json(run(&["anomalies", "--format", "json"]));
    let list = v["anomalies"].as_array().unwrap();
    assert!(!list.is_empty(), "{v}");
    // The documented fields, in the order the CSV writes them.
    const FIELDS: &str = "id,monitor,groups,currency,kind,start,end,detected_on,expected,actual,impact,percent,severity,score,status,root_cause";
    let expected: BTreeSet<String> = FIELDS.split(',').map(str::to_string).collect();
    for a in list {
        assert_eq!(keys(a), expected, "{a}");
        for field in ["expected", "actual", "impact"] {
            assert!(a[field].as_str().unwrap().parse::<f64>().is_ok(), "{a}");
        }
        assert!(a["percent"].is_f64() && a["score"].is_f64(), "{a}");
        assert!(["rise", "fall", "new"].contains(&a["kind"].as_str().unwrap()));
        assert!(["low", "medium", "high"].contains(&a["severity"].as_str().unwrap()));
        for c in a["root_cause"].as_array().unwrap() {
            let k: BTreeSet<String> = keys(c);
            assert_eq!(
                k,
                ["dimension", "value", "impact", "share"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            );
        }
    }
    let csv = ok(run(&["anomalies", "--format", "csv"])).stdout;
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().next(), Some(FIELDS));
    assert_eq!(text.lines().count(), list.len() + 1);

    let id = list[0]["id"].as_str().unwrap();
    let r = json(run(&[
        "anomalies",
        "feedback",
        id,
        "expected",
        "--note",
        "planned",
    ]));
    assert_eq!(r["anomaly"]["status"], "expected");
    assert!(r["feedback"]["learned"]["kind"].is_string(), "{r}");
    let expected_only = json(run(&["anomalies", "--status", "expected"]));
    assert_eq!(expected_only["anomalies"].as_array().unwrap().len(), 1);
    let bad = run(&["anomalies", "--status", "sleepy"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--status"));

    ok(run(&[
        "monitor",
        "add",
        "Chinese clouds",
        "--group-by",
        "service",
        "--filter",
        "provider=Alibaba Cloud",
        "--filter",
        "provider=Tencent Cloud",
        "--min-impact",
        "500",
        "--currency",
        "CNY",
        "--min-percent",
        "30",
    ]));
    let m = json(run(&["monitor", "list", "--json"]));
    let names: Vec<&str> = m["monitors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["monitor"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["Services", "Billing accounts", "Teams", "Chinese clouds"]
    );
    let dup = run(&["monitor", "add", "Chinese clouds"]);
    assert!(!dup.status.success());
    let s = json(run(&["anomalies", "detect"]));
    assert_eq!(
        s["monitors"], 1,
        "only the new monitor had days to judge: {s}"
    );
    ok(run(&["monitor", "remove", "Chinese clouds"]));
    let gone = run(&["anomalies", "--monitor", "Chinese clouds"]);
    assert!(!gone.status.success());
}
