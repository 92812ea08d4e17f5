//! Desktop deliveries go to the notifier the program hands the sender (the
//! app's notification plugin, the CLI's freedesktop client); a program with
//! none keeps them queued until one that has a desktop drains the outbox.
//! The real notification servers are exercised where those notifiers live:
//! the CLI's tests and the app's end-to-end budget test, both with dunst.

mod common;

use std::sync::{Arc, Mutex};

use cloudlens_alerts::{ChannelKind, Language, Notifier, Sender, Severity, SystemClock};
use cloudlens_store::SecretHome;
use common::*;

/// Keeps what it was asked to show; "no service" until switched on.
#[derive(Default)]
struct Screen {
    up: bool,
    shown: Mutex<Vec<(String, String, Severity)>>,
}

impl Notifier for Screen {
    fn notify(&self, title: &str, body: &str, severity: Severity) -> Result<(), String> {
        if !self.up {
            return Err("org.freedesktop.Notifications was not provided".into());
        }
        self.shown
            .lock()
            .unwrap()
            .push((title.into(), body.into(), severity));
        Ok(())
    }
}

fn drain_with(
    store: &mut cloudlens_store::Store,
    screen: Arc<Screen>,
) -> cloudlens_alerts::DrainReport {
    Sender::new(store, &SecretHome::Sealed, &SystemClock, fast())
        .unwrap()
        .with_notifier(screen)
        .drain()
        .unwrap()
}

#[test]
fn desktop_alerts_wait_for_a_notifier_and_reach_it_once_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store(dir.path());
    add(
        &mut store,
        "桌面",
        ChannelKind::Desktop,
        None,
        None,
        Language::ZhCn,
    );
    add(
        &mut store,
        "desktop",
        ChannelKind::Desktop,
        None,
        None,
        Language::En,
    );
    raise(&mut store, 0, 1);

    // A program without a desktop (the default notifier) sends nothing.
    let report = drain(&mut store, fast());
    assert_eq!((report.sent, report.still_queued), (0, 2), "{report:?}");
    // Nor does a desktop whose notification service is not answering.
    let down = Arc::new(Screen::default());
    let report = drain_with(&mut store, down.clone());
    assert_eq!((report.sent, report.still_queued), (0, 2), "{report:?}");
    let (status, attempts, error) = deliveries(&store)[0].clone();
    assert_eq!(status, "queued");
    assert!(attempts >= 1);
    assert!(error
        .unwrap_or_default()
        .contains("no desktop notification service"));

    let up = Arc::new(Screen {
        up: true,
        ..Screen::default()
    });
    let report = drain_with(&mut store, up.clone());
    assert_eq!(report.sent, 2, "{report:?} {:?}", deliveries(&store));
    assert_eq!(drain_with(&mut store, up.clone()).sent, 0, "sent once");
    let shown = up.shown.lock().unwrap().clone();
    let titles: Vec<&str> = shown.iter().map(|s| s.0.as_str()).collect();
    assert!(
        titles.contains(&"CloudLens: sync of conn-0 is failing"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"CloudLens：连接 conn-0 同步失败"),
        "{titles:?}"
    );
    let en = shown
        .iter()
        .find(|s| s.0.starts_with("CloudLens:"))
        .unwrap();
    assert!(
        en.1.contains("cloudlens connection test conn-0"),
        "{}",
        en.1
    );
    assert_eq!(en.2, Severity::Warning);
}
