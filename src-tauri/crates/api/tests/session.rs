//! The app lifecycle as a user meets it: first start fills an empty store with
//! the demo; a wrong passphrase asks again; the right one opens the store.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloudlens_api::{
    CostMetric, ErrorCode, Keychain, Locale, OverviewCharges, Session, SessionConfig, StoreState,
    StoreStatus,
};
use zeroize::Zeroizing;

fn config(dir: &tempfile::TempDir, passphrase: &str) -> SessionConfig {
    SessionConfig {
        updates: Default::default(),
        db_path: dir.path().join("s.db"),
        keychain: Keychain::with_service("CloudLens-session-test-unused"),
        passphrase: Some(Zeroizing::new(passphrase.to_string())),
        demo_lines: 20_000,
        demo_seed: 5,
        clock: || 1_780_000_000, // 2026-05-28
        os_user: "tester".into(),
        audit: false,
        system_zone: None,
    }
}

fn start(config: SessionConfig) -> (Session, Arc<Mutex<Vec<StoreStatus>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let session = Session::start(config, move |s| log.lock().unwrap().push(s));
    (session, seen)
}

fn wait_for(session: &Session, state: StoreState) -> StoreStatus {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = session.status();
        if s.state == state {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "still {:?}, waiting for {state:?}",
            s
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn first_start_loads_the_demo_with_progress_and_becomes_ready() {
    let dir = tempfile::tempdir().unwrap();
    let (session, seen) = start(config(&dir, "pass"));
    let ready = wait_for(&session, StoreState::Ready);
    assert!(ready.demo);
    assert!(ready.lines >= 19_000, "{ready:?}");

    let events = seen.lock().unwrap().clone();
    assert!(events
        .iter()
        .any(|s| s.state == StoreState::LoadingDemo && s.progress.is_some()));
    assert_eq!(events.last().map(|s| s.state), Some(StoreState::Ready));

    let view = session
        .overview(
            CostMetric::Effective,
            None,
            Locale::En,
            OverviewCharges::default(),
        )
        .unwrap();
    assert_eq!(
        view.as_of.as_deref(),
        Some("2026-05-27"),
        "demo ends the day before the clock"
    );

    session.remove_demo().unwrap();
    let after = session.status();
    assert_eq!(
        (after.state, after.lines, after.demo),
        (StoreState::Ready, 0, false)
    );
}

#[test]
fn a_wrong_passphrase_asks_again_and_the_right_one_opens_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = start(config(&dir, "right"));
    wait_for(&first, StoreState::Ready);
    drop(first);

    let (session, _) = start(config(&dir, "wrong"));
    let asked = wait_for(&session, StoreState::NeedsPassphrase);
    assert_eq!(asked.error.map(|e| e.code), Some(ErrorCode::WrongKey));

    let err = session.unlock("still wrong".into()).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongKey);
    assert!(!err.message.contains("still wrong"));
    session.unlock("right".into()).unwrap();
    let ready = wait_for(&session, StoreState::Ready);
    assert!(ready.demo && ready.lines > 0);
    assert!(
        ready.secrets_in_store,
        "opened with a passphrase, secrets are sealed in the store"
    );
    assert_eq!(
        session.unlock("right".into()).unwrap_err().code,
        ErrorCode::InvalidInput,
        "unlocking an open store is refused"
    );
}

#[test]
fn queries_while_not_ready_are_refused_with_a_code_the_ui_can_branch_on() {
    let dir = tempfile::tempdir().unwrap();
    let (session, _) = start(config(&dir, "p"));
    // Right after start the store is opening or loading the demo.
    match session.overview(
        CostMetric::Billed,
        None,
        Locale::En,
        OverviewCharges::default(),
    ) {
        Err(e) => assert!(
            matches!(e.code, ErrorCode::NotReady | ErrorCode::Busy),
            "{e:?}"
        ),
        Ok(_) => assert_eq!(session.status().state, StoreState::Ready),
    }
    wait_for(&session, StoreState::Ready);
    assert!(session
        .overview(
            CostMetric::Billed,
            None,
            Locale::En,
            OverviewCharges::default()
        )
        .is_ok());
}
