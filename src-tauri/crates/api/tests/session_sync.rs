//! Sync through the session as the app drives it: its own thread and store
//! connection, progress and a finished event, the store readable meanwhile,
//! connection views and history afterwards, a schedule kept in the store.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_api::{
    AddConnectionRequest, ConnectionStatus, ErrorCode, Keychain, ScheduleView, Session,
    SessionConfig, StoreState, SyncEvent, SyncRequest,
};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec, Faults};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";

#[test]
fn the_session_syncs_in_the_background_with_events_and_history() {
    let mock = start_alibaba(
        Account::generate(&AccountSpec {
            seed: 4,
            resources: 12,
            first_day: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            days: 31,
            currency: "CNY".into(),
        }),
        KEY_ID,
        SECRET,
    )
    .unwrap();
    mock.set_faults(Faults {
        latency: Duration::from_millis(30),
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            keychain: Keychain::with_service("CloudLens-session-sync-test-unused"),
            passphrase: Some(Zeroizing::new("pass".into())),
            demo_lines: 2_000,
            demo_seed: 5,
            clock: || 1_749_945_600, // 2025-06-15
        },
        |_| {},
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while session.status().state != StoreState::Ready {
        assert!(Instant::now() < deadline, "{:?}", session.status());
        std::thread::sleep(Duration::from_millis(20));
    }
    let events: Arc<Mutex<Vec<SyncEvent>>> = Arc::default();
    let log = Arc::clone(&events);
    session.on_sync(move |e| log.lock().unwrap().push(e));

    let view = session
        .add_connection(AddConnectionRequest {
            name: "ali".into(),
            provider: "alibaba".into(),
            key_id: KEY_ID.into(),
            secret: SECRET.into(),
            endpoint: Some(mock.endpoint()),
            region: None,
            site: Some("china".into()),
        })
        .unwrap();
    assert_eq!(view.status, ConnectionStatus::NotSynced);
    let test = session.test_connection("ali".into()).unwrap();
    assert!(test.ok, "{test:?}");

    let req = SyncRequest {
        connection: Some("ali".into()),
        from: Some("2025-01".into()),
        to: Some("2025-01".into()),
    };
    session.sync(req.clone()).unwrap();
    assert_eq!(session.sync(req).unwrap_err().code, ErrorCode::Busy);
    // The store stays readable while the sync writes.
    assert!(session.connections().is_ok());
    let deadline = Instant::now() + Duration::from_secs(120);
    let finished = loop {
        let done = events.lock().unwrap().iter().find_map(|e| match e {
            SyncEvent::Finished(r) | SyncEvent::Failed(r) => Some(r.clone()),
            SyncEvent::Progress(_) => None,
        });
        if let Some(r) = done {
            break r;
        }
        assert!(Instant::now() < deadline, "no sync result");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(finished.outcome, "succeeded", "{finished:?}");
    assert_eq!(finished.windows_done, 31);
    assert!(events
        .lock()
        .unwrap()
        .iter()
        .any(|e| matches!(e, SyncEvent::Progress(p) if p.windows_total == 31)));

    let views = session.connections().unwrap();
    assert_eq!(views[0].status, ConnectionStatus::UpToDate);
    assert_eq!(views[0].lines, finished.lines);
    assert!(views[0].last_success.is_some());
    assert_eq!(views[0].resources, 12);
    let history = session.sync_history(Some("ali".into())).unwrap();
    assert_eq!(history[0].id, finished.id);

    assert_eq!(session.schedule().unwrap().every_hours, None);
    session
        .set_schedule(ScheduleView {
            every_hours: Some(6),
        })
        .unwrap();
    assert_eq!(session.schedule().unwrap().every_hours, Some(6));
    let bad = session.set_schedule(ScheduleView {
        every_hours: Some(0),
    });
    assert_eq!(bad.unwrap_err().code, ErrorCode::InvalidInput);

    session.remove_connection("ali".into()).unwrap();
    assert!(session.connections().unwrap().is_empty());
}
