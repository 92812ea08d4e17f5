//! The anomaly tables: a re-detected anomaly keeps its status and first
//! sighting, status changes keep their history, decided ranges merge,
//! feedback lands with its status change, and removing a monitor takes its
//! anomalies with it.

mod common;

use cloudlens_store::{
    AnomalyFilter, AnomalyRecord, DecidedRange, DetectionWrite, FeedbackRecord, NewMonitor,
    StatusWrite,
};
use common::open;

fn monitor(name: &str) -> NewMonitor {
    NewMonitor {
        name: name.into(),
        scope: r#"{"group_by":["service"],"filters":[]}"#.into(),
        metric: "effective".into(),
        min_impact: "100".into(),
        impact_currency: "USD".into(),
        min_percent: 20.0,
        falls: false,
        new_spend: true,
        muted: false,
        builtin: false,
        alert_channels: "[]".into(),
        alert_min_severity: "high".into(),
        alert_min_impact: None,
    }
}

fn anomaly(id: &str, monitor_id: i64, end: &str, impact: &str) -> AnomalyRecord {
    AnomalyRecord {
        id: id.into(),
        monitor_id,
        groups: r#"{"service":"S3"}"#.into(),
        currency: "USD".into(),
        kind: "rise".into(),
        start: "2026-03-10".into(),
        end: end.into(),
        detected_on: "2026-03-10".into(),
        expected: "100.00".into(),
        actual: "400.00".into(),
        impact: impact.into(),
        percent: 300.0,
        severity: "high".into(),
        score: 12.5,
        ongoing: true,
        status: "open".into(),
        days: "[]".into(),
        root_cause: "[]".into(),
        threshold: "{}".into(),
        restated: false,
        rejudged: false,
        withdrawn: None,
        first_seen_at: 0,
        updated_at: 0,
    }
}

fn range(monitor_id: i64, from: &str, to: &str) -> DecidedRange {
    DecidedRange {
        monitor_id,
        from: from.into(),
        to: to.into(),
    }
}

#[test]
fn detections_update_in_place_and_keep_status_history_and_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("s.db"));
    let m = store
        .anomalies_mut()
        .add_monitor(&monitor("S"), 10)
        .unwrap()
        .unwrap();
    assert!(store
        .anomalies_mut()
        .add_monitor(&monitor("S"), 11)
        .unwrap()
        .is_none());

    store
        .anomalies_mut()
        .save_detection(&DetectionWrite {
            at: 100,
            record_run: true,
            runs: "[]".into(),
            anomalies: vec![anomaly("an-1", m.id, "2026-03-10", "300.00")],
            decided: vec![range(m.id, "2026-01-01", "2026-03-10")],
            ..DetectionWrite::default()
        })
        .unwrap();
    let changed = store
        .anomalies_mut()
        .set_status(&StatusWrite {
            anomaly_id: "an-1".into(),
            status: "acknowledged".into(),
            actor: "ana".into(),
            at: 150,
            note: Some("on it".into()),
            feedback: None,
        })
        .unwrap();
    assert!(changed);
    // The next day's run finds the same anomaly longer.
    store
        .anomalies_mut()
        .save_detection(&DetectionWrite {
            at: 200,
            record_run: true,
            runs: "[]".into(),
            anomalies: vec![anomaly("an-1", m.id, "2026-03-11", "610.00")],
            decided: vec![range(m.id, "2026-03-11", "2026-03-11")],
            ..DetectionWrite::default()
        })
        .unwrap();
    let all = store.anomalies().list(&AnomalyFilter::default()).unwrap();
    assert_eq!(all.len(), 1);
    let a = &all[0];
    assert_eq!(
        (a.end.as_str(), a.impact.as_str(), a.status.as_str()),
        ("2026-03-11", "610.00", "acknowledged")
    );
    assert_eq!((a.first_seen_at, a.updated_at), (100, 200));
    let history: Vec<(String, String)> = store
        .anomalies()
        .status_history("an-1")
        .unwrap()
        .into_iter()
        .map(|h| (h.status, h.actor))
        .collect();
    assert_eq!(
        history,
        vec![
            ("open".into(), "detector".into()),
            ("acknowledged".into(), "ana".into())
        ]
    );
    assert_eq!(
        store.anomalies().decided(m.id).unwrap(),
        vec![("2026-01-01".to_string(), "2026-03-11".to_string())]
    );
    assert_eq!(store.anomalies().last_detection().unwrap().unwrap().at, 200);

    // Feedback, its status change and a withdrawal land together.
    store
        .anomalies_mut()
        .save_detection(&DetectionWrite {
            at: 300,
            withdrawn: vec![("an-1".into(), "feedback".into())],
            status: vec![StatusWrite {
                anomaly_id: "an-1".into(),
                status: "expected".into(),
                actor: "ana".into(),
                at: 300,
                note: None,
                feedback: Some(FeedbackRecord {
                    id: 0,
                    anomaly_id: "an-1".into(),
                    monitor_id: m.id,
                    groups: r#"{"service":"S3"}"#.into(),
                    currency: "USD".into(),
                    verdict: "expected".into(),
                    learned: "{}".into(),
                    actor: "ana".into(),
                    at: 300,
                    note: None,
                }),
            }],
            ..DetectionWrite::default()
        })
        .unwrap();
    assert_eq!(
        store.anomalies().last_detection().unwrap().unwrap().at,
        200,
        "not a detection run"
    );
    assert!(store
        .anomalies()
        .list(&AnomalyFilter::default())
        .unwrap()
        .is_empty());
    let kept = store
        .anomalies()
        .list(&AnomalyFilter {
            include_withdrawn: true,
            statuses: vec!["expected".into()],
            ..AnomalyFilter::default()
        })
        .unwrap();
    assert_eq!(kept[0].withdrawn.as_deref(), Some("feedback"));
    assert_eq!(
        store
            .anomalies()
            .feedback_of("an-1")
            .unwrap()
            .unwrap()
            .actor,
        "ana"
    );

    assert!(store.anomalies_mut().remove_monitor("S").unwrap());
    assert!(!store.anomalies_mut().remove_monitor("S").unwrap());
    let none = AnomalyFilter {
        include_withdrawn: true,
        ..AnomalyFilter::default()
    };
    assert!(store.anomalies().list(&none).unwrap().is_empty());
    assert!(store.anomalies().status_history("an-1").unwrap().is_empty());
    assert!(store.anomalies().feedback(None).unwrap().is_empty());
}
