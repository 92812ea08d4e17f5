//! Sync through the session as the app drives it: its own thread and store
//! connection, progress and a finished event, the store readable meanwhile,
//! connection views and history afterwards, a schedule kept in the store
//! that fires by itself when due and not before.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cloudlens_api::{
    AddConnectionRequest, ConnectionStatus, ConnectionView, ErrorCode, Keychain, ScheduleView,
    Session, SessionConfig, StoreState, SyncEvent, SyncRequest,
};
use cloudlens_mockcloud::alibaba::start_alibaba;
use cloudlens_mockcloud::{Account, AccountSpec, Faults, MockCloud};
use zeroize::Zeroizing;

const KEY_ID: &str = "LTAI5tMockReadOnlyKey01";
const SECRET: &str = "mock-secret-8f2b61c0a9d34e7f";

/// An Alibaba Cloud mock serving `resources` resources billed daily for
/// `days` days from `first` (year, month, day), in CNY.
fn alibaba_mock(seed: u64, resources: usize, first: (i32, u32, u32), days: u32) -> MockCloud {
    let first_day = NaiveDate::from_ymd_opt(first.0, first.1, first.2).unwrap();
    start_alibaba(
        Account::generate(&AccountSpec {
            seed,
            resources,
            first_day,
            days,
            currency: "CNY".into(),
        }),
        KEY_ID,
        SECRET,
    )
    .unwrap()
}

fn ready_session(dir: &tempfile::TempDir, clock: fn() -> i64) -> Session {
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-session-sync-test-unused"),
            passphrase: Some(Zeroizing::new("pass".into())),
            demo_lines: 2_000,
            demo_seed: 5,
            clock,
            system_zone: None,
        },
        |_| {},
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    while session.status().state != StoreState::Ready {
        assert!(Instant::now() < deadline, "{:?}", session.status());
        std::thread::sleep(Duration::from_millis(20));
    }
    session
}

fn record_events(session: &Session) -> Arc<Mutex<Vec<SyncEvent>>> {
    let events: Arc<Mutex<Vec<SyncEvent>>> = Arc::default();
    let log = Arc::clone(&events);
    session.on_sync(move |e| log.lock().unwrap().push(e));
    events
}

fn add_mock_connection(session: &Session, mock: &MockCloud) -> ConnectionView {
    session
        .add_connection(AddConnectionRequest {
            endpoint: Some(mock.endpoint()),
            site: Some("china".into()),
            ..AddConnectionRequest::new("ali", "alibaba", KEY_ID, SECRET)
        })
        .unwrap()
}

#[test]
fn the_session_syncs_in_the_background_with_events_and_history() {
    let mock = alibaba_mock(4, 12, (2025, 1, 1), 31);
    mock.set_faults(Faults {
        latency: Duration::from_millis(30),
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let session = ready_session(&dir, || 1_749_945_600); // 2025-06-15
    let events = record_events(&session);
    let view = add_mock_connection(&session, &mock);
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

/// The schedule test's clock, moved by the test (2025-06-15 to begin with).
static NOW: AtomicI64 = AtomicI64::new(1_749_945_600);

fn clock() -> i64 {
    NOW.load(Ordering::SeqCst)
}

fn finished(events: &Mutex<Vec<SyncEvent>>) -> Vec<String> {
    events
        .lock()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Finished(r) | SyncEvent::Failed(r) => Some(r.outcome.clone()),
            SyncEvent::Progress(_) => None,
        })
        .collect()
}

fn wait_for_runs(events: &Mutex<Vec<SyncEvent>>, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while finished(events).len() < n {
        assert!(
            Instant::now() < deadline,
            "{} scheduled syncs finished, expected {n}",
            finished(events).len()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_schedule_syncs_when_due_and_not_before() {
    let mock = alibaba_mock(9, 6, (2025, 6, 1), 14);
    let dir = tempfile::tempdir().unwrap();
    let session = ready_session(&dir, clock);
    session.set_schedule_tick(Duration::from_millis(100));
    let events = record_events(&session);
    add_mock_connection(&session, &mock);

    // No schedule: nothing runs.
    std::thread::sleep(Duration::from_millis(800));
    assert!(finished(&events).is_empty());
    assert_eq!(mock.stats().requests, 0);

    // Every 6 hours: the first sync is due at once.
    session
        .set_schedule(ScheduleView {
            every_hours: Some(6),
        })
        .unwrap();
    wait_for_runs(&events, 1);
    assert_eq!(finished(&events), ["succeeded"]);
    let history = session.sync_history(Some("ali".into())).unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].lines > 0);

    // Five hours on, many ticks later: not due yet.
    NOW.fetch_add(5 * 3600, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(finished(&events).len(), 1);

    // Past six hours: the second sync runs.
    NOW.fetch_add(3600 + 60, Ordering::SeqCst);
    wait_for_runs(&events, 2);
    assert_eq!(session.sync_history(Some("ali".into())).unwrap().len(), 2);

    // Cleared: nothing more, however long it waits.
    session
        .set_schedule(ScheduleView { every_hours: None })
        .unwrap();
    NOW.fetch_add(48 * 3600, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(finished(&events).len(), 2);
}
