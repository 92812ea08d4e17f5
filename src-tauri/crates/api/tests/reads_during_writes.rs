//! Every view answers while an import is writing, and shows the store as of
//! the last commit. The test holds a write transaction of its own on the
//! store, so the session's import is stuck at its first write for as long
//! as the test likes (deterministically, whatever the machine's speed);
//! meanwhile the Overview, the Explorer and the other pages are read. Once
//! the test lets go, the import commits and the Explorer shows its lines.

mod common;

use std::sync::{Arc, Mutex};

use cloudlens_api::{
    ChartStyle, CostMetric, ErrorCode, ExchangeRate, ExploreMetric, ExploreQuery, ExploreResult,
    Granularity, ImportEvent, ImportFile, ImportRequest, KeySource, Keychain, Locale,
    OverviewCharges, Session, SessionConfig, StoreState,
};
use cloudlens_store::{RunKind, RunSpec, Store, StoreError};
use common::{grouped_by, ingest_fixture, wait_until};
use zeroize::Zeroizing;

const PASS: &str = "pass";

fn explore(session: &Session) -> ExploreResult {
    session
        .explore(
            grouped_by("provider", "2024-01-01", "2026-01-01", Granularity::Month),
            ChartStyle::StackedBar,
            Locale::En,
        )
        .unwrap()
}

fn tencent_total(r: &ExploreResult) -> Option<String> {
    r.totals
        .iter()
        .find(|g| g.groups.first().cloned().flatten().as_deref() == Some("Tencent Cloud"))
        .map(|g| g.amount.clone())
}

#[test]
fn every_view_answers_with_the_last_commit_while_an_import_waits_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let session = Session::start(
        SessionConfig {
            db_path: db.clone(),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-reads-test-unused"),
            passphrase: Some(Zeroizing::new(PASS.into())),
            demo_lines: 3_000,
            demo_seed: 2,
            clock: || 1_749_945_600, // 2025-06-15
            os_user: "tester".into(),
            audit: false,
            system_zone: None,
        },
        |_| {},
    );
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&events);
    session.on_import(move |e| log.lock().unwrap().push(e));
    wait_until("the demo", || session.status().state == StoreState::Ready);

    let overview = session
        .overview(
            CostMetric::Billed,
            None,
            Locale::En,
            OverviewCharges::default(),
        )
        .unwrap();
    let explored = explore(&session);
    let lines = session.status().lines;
    assert_eq!(
        tencent_total(&explored),
        None,
        "the demo has no Tencent Cloud"
    );

    // A second connection holds the store's write lock inside an open transaction.
    let key = KeySource::Passphrase(Zeroizing::new(PASS.into()));
    let mut holder = Store::open(&db, &key).unwrap();
    let spec = RunSpec::plain(RunKind::File, "held by the test", None, || 1_749_945_600);
    let held = holder.lines_mut().import(spec, |_| {
        session
            .import_files(ImportRequest {
                files: vec![ImportFile {
                    path: ingest_fixture("tencent_bill3_en.csv"),
                    format: None,
                }],
                lenient: false,
            })
            .unwrap();
        assert_eq!(session.status().state, StoreState::Importing);

        assert_eq!(
            session
                .overview(
                    CostMetric::Billed,
                    None,
                    Locale::En,
                    OverviewCharges::default()
                )
                .unwrap(),
            overview
        );
        let during = explore(&session);
        assert_eq!(during.totals, explored.totals);
        assert_eq!(during.grand_totals, explored.grand_totals);
        assert!(session.dimensions().unwrap().dimensions.len() > 5);
        assert!(session.import_history().unwrap().is_empty());
        assert!(!session.exchange_rates().unwrap().is_empty());
        // The demo's own allocation rules, and nothing the import wrote.
        assert_eq!(session.rule_versions().unwrap().len(), 1);
        assert!(session.saved_views().unwrap().is_empty());
        // Writes wait for the import rather than interleaving with it.
        let rate = ExchangeRate {
            date: "2025-06-01".into(),
            from: "USD".into(),
            to: "CNY".into(),
            rate: "7.2".into(),
        };
        assert_eq!(
            session.set_exchange_rate(rate).unwrap_err().code,
            ErrorCode::Busy
        );
        assert_eq!(session.status().state, StoreState::Importing);
        assert_eq!(session.status().lines, lines);
        // Let go without committing anything.
        Err(StoreError::Changed)
    });
    assert!(matches!(held, Err(StoreError::Changed)));
    drop(holder);

    wait_until("the import", || {
        events
            .lock()
            .unwrap()
            .iter()
            .any(|e| matches!(e, ImportEvent::Finished { .. } | ImportEvent::Failed { .. }))
    });
    let finished = events.lock().unwrap().last().cloned().unwrap();
    let ImportEvent::Finished { reports } = finished else {
        panic!("the import failed: {finished:?}");
    };
    assert_eq!(session.status().state, StoreState::Ready);
    assert_eq!(session.status().lines, lines + reports[0].lines);
    // The explorer's snapshot follows the commit.
    let after = explore(&session);
    assert!(tencent_total(&after).is_some(), "{:?}", after.totals);
    assert_eq!(session.import_history().unwrap().len(), 1);
}
