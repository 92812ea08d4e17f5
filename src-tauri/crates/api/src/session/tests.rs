//! `status()` never waits on the explorer: while a snapshot reload is in
//! progress on another thread, the status and the Overview answer.

#[path = "../../tests/common/mod.rs"]
mod common;

use zeroize::Zeroizing;

use crate::{
    ChartStyle, CostMetric, ExploreQuery, Granularity, ImportFile, ImportRequest, Keychain, Locale,
    OverviewCharges, Session, SessionConfig, StoreState,
};
use common::{grouped_by, ingest_fixture, wait_until};

fn query() -> ExploreQuery {
    grouped_by("service", "2024-06-01", "2025-07-01", Granularity::Day)
}

fn loading(session: &Session) -> bool {
    session
        .with_ready(|cl| Ok(cl.snapshots.loading()))
        .unwrap_or(false)
}

#[test]
fn status_and_the_overview_answer_while_the_explorer_reloads_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-reload-test-unused"),
            passphrase: Some(Zeroizing::new("pass".into())),
            demo_lines: 200_000,
            demo_seed: 4,
            clock: || 1_749_945_600, // 2025-06-15
            os_user: "tester".into(),
            audit: false,
            system_zone: None,
        },
        |_| {},
    );
    wait_until("the demo", || session.status().state == StoreState::Ready);
    session
        .explore(query(), ChartStyle::StackedBar, Locale::En)
        .unwrap();

    // An import moves the store's generation: the next query reloads.
    session
        .import_files(ImportRequest {
            files: vec![ImportFile {
                path: ingest_fixture("tencent_bill3_en.csv"),
                format: None,
            }],
            lenient: false,
        })
        .unwrap();
    wait_until("the import", || session.status().state == StoreState::Ready);

    let s = session.clone();
    let reload = std::thread::spawn(move || s.explore(query(), ChartStyle::StackedBar, Locale::En));
    wait_until("the reload to start", || {
        loading(&session) || reload.is_finished()
    });
    assert!(loading(&session), "the reload finished before it was seen");

    let status = session.status();
    assert!(loading(&session), "status waited for the reload");
    assert_eq!(status.state, StoreState::Ready);
    let overview = session
        .overview(
            CostMetric::Billed,
            None,
            Locale::En,
            OverviewCharges::default(),
        )
        .unwrap();
    assert!(loading(&session), "the Overview waited for the reload");
    assert!(overview.as_of.is_some());

    let result = reload.join().unwrap().unwrap();
    assert!(!result.rows.is_empty());
}
