//! Recommendations as tracked in a real encrypted store: runs merge without
//! duplicates, statuses and their history survive reopening, a finding whose
//! resource is gone is closed, and the inventory facts round-trip.

mod common;

use std::collections::HashSet;
use std::str::FromStr;

use cloudlens_model::Decimal;
use cloudlens_store::{
    InventoryExtra, InventoryRow, RecStatus, RecommendationError, RecommendationRecord,
    UtilisationRecord,
};

fn rec(id: &str, resource: &str, saving: &str, fingerprint: &str) -> RecommendationRecord {
    RecommendationRecord {
        id: id.into(),
        kind: "idle".into(),
        finding: "unattached_disk".into(),
        provider: "Alibaba Cloud".into(),
        billing_account: "1888".into(),
        region: Some("cn-hangzhou".into()),
        resource: Some(resource.into()),
        currency: "CNY".into(),
        monthly_saving: Decimal::from_str(saving).unwrap(),
        confidence: 0.9,
        fingerprint: fingerprint.into(),
        payload: "{}".into(),
        baseline_monthly: Decimal::from_str(saving).unwrap(),
        measure: r#"{"scope":"resource","id":"x"}"#.into(),
    }
}

fn live(ids: &[&str]) -> HashSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

#[test]
fn runs_merge_and_statuses_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut s = common::open(&path);
        let first = s
            .recommendations_mut()
            .refresh(
                100,
                &[
                    rec("r1", "d-1", "33.00", "f1"),
                    rec("r2", "d-2", "10.00", "f2"),
                ],
                &live(&["d-1", "d-2"]),
            )
            .unwrap();
        assert_eq!((first.created, first.updated), (2, 0));
        // The same run again adds nothing.
        let again = s
            .recommendations_mut()
            .refresh(
                200,
                &[
                    rec("r1", "d-1", "33.50", "f1"),
                    rec("r2", "d-2", "10.00", "f2"),
                ],
                &live(&["d-1", "d-2"]),
            )
            .unwrap();
        assert_eq!((again.created, again.updated, again.closed), (0, 2, 0));
        assert_eq!(s.recommendations().all().unwrap().len(), 2);
        s.recommendations_mut()
            .set_status("r1", RecStatus::Accepted, None, "analyst", 300)
            .unwrap();
        s.recommendations_mut()
            .set_status("r1", RecStatus::Done, Some("released"), "analyst", 400)
            .unwrap();
        assert!(matches!(
            s.recommendations_mut().set_status(
                "r2",
                RecStatus::Dismissed,
                Some("  "),
                "analyst",
                500
            ),
            Err(RecommendationError::ReasonRequired)
        ));
        s.recommendations_mut()
            .set_status(
                "r2",
                RecStatus::Dismissed,
                Some("kept for DR"),
                "analyst",
                500,
            )
            .unwrap();
        assert!(matches!(
            s.recommendations_mut()
                .set_status("nope", RecStatus::Open, None, "analyst", 500),
            Err(RecommendationError::NotFound(_))
        ));
        assert!(matches!(
            s.recommendations_mut()
                .set_status("r2", RecStatus::Closed, None, "analyst", 500),
            Err(RecommendationError::ClosedBySystem)
        ));
        s.recommendations_mut()
            .record_realised("r1", Decimal::from_str("33.00").unwrap(), 21, false)
            .unwrap();
    }
    let s = common::open(&path);
    let r1 = s.recommendations().get("r1").unwrap().unwrap();
    assert_eq!(r1.status, RecStatus::Done);
    assert_eq!(r1.done_at, Some(400));
    assert_eq!(
        r1.record.monthly_saving,
        Decimal::from_str("33.50").unwrap()
    );
    assert_eq!(
        r1.realised_saving,
        Some(Decimal::from_str("33.00").unwrap())
    );
    assert_eq!((r1.realised_days, r1.realised_complete), (Some(21), false));
    let r2 = s.recommendations().get("r2").unwrap().unwrap();
    assert_eq!(
        (r2.status, r2.status_note.as_deref()),
        (RecStatus::Dismissed, Some("kept for DR"))
    );
    let h: Vec<(Option<String>, String, String)> = s
        .recommendations()
        .history("r1")
        .unwrap()
        .into_iter()
        .map(|e| (e.from, e.to, e.who))
        .collect();
    assert_eq!(
        h,
        vec![
            (None, "open".to_string(), "system".to_string()),
            (Some("open".into()), "accepted".into(), "analyst".into()),
            (Some("accepted".into()), "done".into(), "analyst".into()),
        ]
    );
}

#[test]
fn a_gone_resource_closes_its_recommendation_and_a_return_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = common::open(&dir.path().join("s.db"));
    s.recommendations_mut()
        .refresh(
            1,
            &[
                rec("r1", "d-1", "33.00", "f1"),
                rec("r2", "d-2", "5.00", "f2"),
                rec("r3", "d-3", "5.00", "f3"),
            ],
            &live(&["d-1", "d-2", "d-3"]),
        )
        .unwrap();
    s.recommendations_mut()
        .set_status("r3", RecStatus::Dismissed, Some("needed"), "analyst", 2)
        .unwrap();
    // d-1 is gone; d-2 is still there but the finding no longer holds; r3 is dismissed.
    let out = s
        .recommendations_mut()
        .refresh(3, &[], &live(&["d-2", "d-3"]))
        .unwrap();
    assert_eq!(out.closed, 2);
    let r1 = s.recommendations().get("r1").unwrap().unwrap();
    assert_eq!(
        (r1.status, r1.closed_reason.as_deref()),
        (RecStatus::Closed, Some("resource_gone"))
    );
    let r2 = s.recommendations().get("r2").unwrap().unwrap();
    assert_eq!(r2.closed_reason.as_deref(), Some("no_longer_applies"));
    assert_eq!(
        s.recommendations().get("r3").unwrap().unwrap().status,
        RecStatus::Dismissed
    );
    // Found again with different facts: reopened, not duplicated.
    let out = s
        .recommendations_mut()
        .refresh(4, &[rec("r2", "d-2", "6.00", "f2b")], &live(&["d-2"]))
        .unwrap();
    assert_eq!(out.reopened, 1);
    let r2 = s.recommendations().get("r2").unwrap().unwrap();
    assert_eq!((r2.status, r2.closed_reason), (RecStatus::Open, None));
    assert_eq!(r2.record.fingerprint, "f2b");
    let last = s.recommendations().history("r2").unwrap().pop().unwrap();
    assert_eq!(
        (last.from.as_deref(), last.to.as_str(), last.note.as_deref()),
        (Some("closed"), "open", Some("found again"))
    );
    // A change of facts on a known one is recorded.
    let out = s
        .recommendations_mut()
        .refresh(5, &[rec("r2", "d-2", "6.00", "f2c")], &live(&["d-2"]))
        .unwrap();
    assert_eq!(out.changed, 1);
    assert_eq!(
        s.recommendations()
            .history("r2")
            .unwrap()
            .pop()
            .unwrap()
            .note
            .as_deref(),
        Some("facts changed")
    );
}

#[test]
fn inventory_facts_and_memory_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = common::open(&dir.path().join("s.db"));
    let row = InventoryRow {
        provider: "alibaba".into(),
        kind: "disk".into(),
        id: "d-1".into(),
        name: None,
        region: "cn-hangzhou".into(),
        state: "Available".into(),
        size: Some("40".into()),
        tags: "[]".into(),
        created_at: Some(10),
        last_seen: 20,
    };
    let extra = InventoryExtra {
        attached: Some(false),
        attached_to: None,
        billing_mode: Some("subscription".into()),
        expires_at: Some(99),
        auto_renew: Some(true),
    };
    let sample = UtilisationRecord {
        resource_id: "i-1".into(),
        at: 86_400,
        cpu_percent: 3.5,
        memory_percent: Some(41.0),
    };
    s.recommendations_mut()
        .replace_connection_inventory(
            "demo",
            &[(row.clone(), extra.clone())],
            std::slice::from_ref(&sample),
        )
        .unwrap();
    let facts = s.recommendations().inventory_records().unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!((&facts[0].row, &facts[0].extra), (&row, &extra));
    // The first inventory API still reads the same rows.
    assert_eq!(s.sync().inventory(Some("demo")).unwrap(), vec![row]);
    assert_eq!(
        s.recommendations().utilisation_since(0).unwrap(),
        vec![sample]
    );
    assert!(s
        .recommendations()
        .utilisation_since(86_401)
        .unwrap()
        .is_empty());
    s.recommendations_mut()
        .remove_connection_inventory("demo")
        .unwrap();
    assert!(s.recommendations().inventory_records().unwrap().is_empty());
    assert!(s.recommendations().utilisation_since(0).unwrap().is_empty());
}
