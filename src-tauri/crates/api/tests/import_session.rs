//! Importing through the session as the app does: in the background, with
//! events, the store busy meanwhile, then ready with the new lines and the
//! import in the history; removing it takes its lines out again.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloudlens_api::{
    ImportEvent, ImportFile, ImportOutcomeKind, ImportRequest, Keychain, Session, SessionConfig,
    StoreState,
};
use zeroize::Zeroizing;

fn fixture(name: &str) -> String {
    Path::new(&String::from(env!("CARGO_MANIFEST_DIR")))
        .join("../../../tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn an_import_runs_in_the_background_and_lands_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(
        SessionConfig {
            db_path: dir.path().join("s.db"),
            updates: Default::default(),
            keychain: Keychain::with_service("CloudLens-import-test-unused"),
            passphrase: Some(Zeroizing::new("pass".to_string())),
            demo_lines: 5_000,
            demo_seed: 1,
            clock: || 1_780_000_000,
            os_user: "tester".into(),
            audit: false,
            system_zone: None,
        },
        |_| {},
    );
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&events);
    session.on_import(move |e| log.lock().unwrap().push(e));
    let deadline = Instant::now() + Duration::from_secs(60);
    while session.status().state != StoreState::Ready {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = session.status().lines;

    let preview = session
        .inspect_file(fixture("tencent_bill3_en.csv"), None)
        .unwrap();
    assert_eq!(preview.format.as_deref(), Some("tencent"));
    assert!(!preview.preview.is_empty());

    session
        .import_files(ImportRequest {
            files: vec![
                ImportFile {
                    path: fixture("tencent_bill3_en.csv"),
                    format: None,
                },
                ImportFile {
                    path: fixture("focus/quirks_focus_1.2.csv"),
                    format: Some("focus".into()),
                },
            ],
            lenient: false,
        })
        .unwrap();
    let reports = loop {
        assert!(Instant::now() < deadline, "no result");
        if let Some(ImportEvent::Finished { reports }) = events.lock().unwrap().last().cloned() {
            break reports;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(reports.len(), 2);
    assert!(
        reports
            .iter()
            .all(|r| r.outcome == ImportOutcomeKind::Imported),
        "{reports:#?}"
    );
    assert!(reports
        .iter()
        .all(|r| r.reconciliation.iter().all(|g| g.matches)));
    let status = session.status();
    assert_eq!(status.state, StoreState::Ready);
    let imported: u64 = reports.iter().map(|r| r.lines).sum();
    assert_eq!(status.lines, before + imported);

    let history = session.import_history().unwrap();
    assert_eq!(history.len(), 2, "the demo is not an import");
    assert_eq!(history[0].format.as_deref(), Some("focus"));
    assert!(!history[1].totals.is_empty());
    session.remove_import(history[1].run_id).unwrap();
    assert_eq!(session.import_history().unwrap().len(), 1);
    assert_eq!(session.status().lines, before + reports[1].lines);
}
