//! The data-health source over a real store: a failing sync connection
//! raises one alert per failure episode, stale data one per newest day, and
//! re-evaluation raises nothing new.

mod common;

use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_alerts::{propose, record, sources::DataHealth, Alert, EvalContext, Subject};
use cloudlens_model::{
    day_start, month_start, next_month, ChargeCategory, CostLine, Decimal, LineDims,
};
use cloudlens_store::{
    ConnectionError, ConnectionUpdate, NewConnection, RunKind, RunSpec, SecretHome, Store,
    StoreError,
};
use common::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn line(day: NaiveDate) -> CostLine {
    let dims = Arc::new(LineDims::new(
        "alibaba",
        "1234",
        "CNY",
        "ECS",
        "Compute",
        ChargeCategory::Usage,
    ));
    let start = day_start(day);
    let amount = Decimal::from_str("12.50").unwrap();
    CostLine::of_amount(
        dims,
        (day_start(month_start(day)), day_start(next_month(day))),
        (start, start + 86_400),
        amount,
        1,
    )
}

fn spec(kind: RunKind) -> RunSpec {
    RunSpec {
        kind,
        source: "test".into(),
        format: None,
        clock: || 1_700_000_000,
        content_hash: None,
        restates: true,
    }
}

fn connection(store: &mut Store, name: &str) {
    let new = NewConnection {
        name: name.into(),
        provider: "alibaba".into(),
        key_id: "LTAI-test".into(),
        endpoint: None,
        region: None,
        site: "china".into(),
        created_at: 1_700_000_000,
    };
    assert!(store
        .sync_mut()
        .add_connection(&new, "secret", &SecretHome::Sealed)
        .unwrap());
}

/// A synced window holding one line on `newest`.
fn synced(store: &mut Store, name: &str, newest: NaiveDate) {
    let run = store
        .sync_mut()
        .begin_sync_run(name, 1_700_000_000)
        .unwrap();
    store
        .lines_mut()
        .import_replacing::<StoreError>(
            spec(RunKind::Sync),
            &[],
            |sink| sink.push(line(newest)),
            |tx, _| tx.finish_window(name, "2026-04", "2026-04", run, 1, &[]),
        )
        .unwrap();
}

fn update(store: &mut Store, name: &str, success_at: Option<i64>, error_at: Option<i64>) {
    store
        .sync_mut()
        .update_connection(
            name,
            &ConnectionUpdate {
                status: if error_at.is_some() {
                    "credentials_rejected"
                } else {
                    "up_to_date"
                }
                .into(),
                billing_account: None,
                success_at,
                error: error_at.map(|at| ConnectionError {
                    at,
                    status: "credentials_rejected".into(),
                    message: "InvalidAccessKeyId.NotFound: Specified access key is not found."
                        .into(),
                    request_id: Some("REQ-1".into()),
                }),
            },
        )
        .unwrap();
}

fn run(store: &mut Store, as_of: &str) -> Vec<Alert> {
    let ctx = EvalContext {
        as_of: day(as_of),
        now: 1_777_000_000,
    };
    let source = DataHealth::default().over(store.sync(), store.lines());
    let proposed = propose(&[&source], &ctx).unwrap();
    let report = record(store, &proposed, now_ms()).unwrap();
    let history = store.alerts().history(100).unwrap();
    report
        .raised
        .iter()
        .map(|(id, _)| {
            let rec = history.iter().find(|a| a.id == *id).unwrap();
            Alert::from_json(&rec.payload).unwrap()
        })
        .collect()
}

#[test]
fn a_failing_connection_alerts_once_per_episode() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    connection(&mut store, "prod-ali");
    update(&mut store, "prod-ali", Some(1_700_000_000), None);
    assert!(
        run(&mut store, "2026-05-01").is_empty(),
        "a healthy connection raises nothing"
    );

    update(&mut store, "prod-ali", None, Some(1_700_003_600));
    let first = run(&mut store, "2026-05-01");
    assert_eq!(first.len(), 1);
    assert!(
        matches!(&first[0].subject, Subject::SyncFailing { status, .. } if status == "credentials_rejected")
    );
    assert_eq!(first[0].dedup_key, "data:sync-failed:prod-ali:1700000000");
    // It keeps failing: the same episode.
    update(&mut store, "prod-ali", None, Some(1_700_007_200));
    assert!(run(&mut store, "2026-05-02").is_empty());
    // It recovers, then fails again: a new episode.
    update(&mut store, "prod-ali", Some(1_700_010_000), None);
    assert!(run(&mut store, "2026-05-02").is_empty());
    update(&mut store, "prod-ali", None, Some(1_700_020_000));
    assert_eq!(run(&mut store, "2026-05-03").len(), 1);
}

#[test]
fn stale_connection_data_alerts_once_per_newest_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    connection(&mut store, "prod-ali");
    synced(&mut store, "prod-ali", day("2026-04-20"));
    assert!(
        run(&mut store, "2026-04-23").is_empty(),
        "three days old is within the limit"
    );
    let stale = run(&mut store, "2026-04-24");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].dedup_key, "data:stale:prod-ali:2026-04-20");
    let text = cloudlens_alerts::render(&stale[0], cloudlens_alerts::Language::ZhCn);
    assert!(text.summary.contains("4 天前"), "{}", text.summary);
    assert!(
        run(&mut store, "2026-04-30").is_empty(),
        "still the same newest day"
    );
}

#[test]
fn a_store_of_bill_files_alerts_when_its_newest_day_is_old() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    store
        .lines_mut()
        .import::<StoreError>(spec(RunKind::File), |sink| {
            sink.push(line(day("2026-03-31")))
        })
        .unwrap();
    let alerts = run(&mut store, "2026-04-10");
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].dedup_key, "data:stale:store:2026-03-31");
    assert!(matches!(alerts[0].subject, Subject::StoreStale));
}
