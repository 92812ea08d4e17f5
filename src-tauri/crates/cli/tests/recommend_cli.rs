//! `cloudlens recommendations` as a user runs it on the demo: the JSON has
//! exactly the documented fields, filters work, a status change sticks, and
//! CSV carries the same list.

mod common;

use std::collections::BTreeSet;

use common::{cloudlens, json};

#[test]
fn recommendations_list_filter_and_change_status() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pass) = (dir.path().join("s.db"), dir.path().join("pass"));
    std::fs::write(&pass, "a long passphrase\n").unwrap();
    let out = cloudlens(&db, &pass, &["demo", "--lines", "300000"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let all = json(&cloudlens(&db, &pass, &["recommendations"]));
    let items = all["recommendations"].as_array().unwrap();
    assert!(!items.is_empty());
    let fields: BTreeSet<&str> = [
        "id",
        "kind",
        "provider",
        "billing_account",
        "region",
        "resource",
        "action",
        "monthly_saving",
        "currency",
        "confidence",
        "status",
        "evidence",
    ]
    .into();
    for r in items {
        let keys: BTreeSet<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, fields);
        assert!(r["monthly_saving"].as_str().unwrap().parse::<f64>().is_ok());
        assert!(r["confidence"].as_f64().is_some());
        assert_eq!(r["status"], "open");
        assert!(r["evidence"]["as_of"].is_string());
    }
    let kinds: BTreeSet<&str> = items.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["commitment", "discount", "idle", "renewal", "rightsize"].into()
    );

    let idle_aws = json(&cloudlens(
        &db,
        &pass,
        &["recommendations", "--kind", "idle", "--provider", "aws"],
    ));
    let idle_aws = idle_aws["recommendations"].as_array().unwrap();
    assert!(!idle_aws.is_empty());
    assert!(idle_aws
        .iter()
        .all(|r| r["kind"] == "idle" && r["provider"] == "AWS"));

    let id = items[0]["id"].as_str().unwrap();
    let out = cloudlens(&db, &pass, &["recommendations", "set", id, "dismissed"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("reason"));
    let out = cloudlens(
        &db,
        &pass,
        &[
            "recommendations",
            "set",
            id,
            "dismissed",
            "--note",
            "kept on purpose",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dismissed = json(&cloudlens(
        &db,
        &pass,
        &["recommendations", "--status", "dismissed"],
    ));
    let dismissed = dismissed["recommendations"].as_array().unwrap();
    assert_eq!(dismissed.len(), 1);
    assert_eq!(dismissed[0]["id"], id);

    let out = cloudlens(
        &db,
        &pass,
        &["recommendations", "--format", "csv", "--lang", "zh-CN"],
    );
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("id,kind,finding,provider,billing_account"));
    // The dismissed one is listed too (all but closed by default).
    assert_eq!(csv.lines().count(), items.len() + 1);
}
