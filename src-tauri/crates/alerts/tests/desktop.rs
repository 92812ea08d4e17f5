//! A desktop notification reaches a real notification server (dunst) on
//! the session bus. Run under `xvfb-run -a dbus-run-session` (as `.ci/run`
//! does); without a display and a session bus the test fails and says so.

mod common;

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use cloudlens_alerts::{ChannelKind, Language};
use common::*;

struct Dunst(Child);

impl Drop for Dunst {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn dunstctl(args: &[&str]) -> Option<String> {
    let out = Command::new("dunstctl").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

// The test checks it runs where a display and a session bus are.
#[allow(clippy::disallowed_methods)]
fn start_dunst() -> Dunst {
    for var in ["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"] {
        assert!(
            std::env::var_os(var).is_some(),
            "{var} is not set: run this test under `xvfb-run -a dbus-run-session` (see .ci/run)"
        );
    }
    let child = Command::new("dunst")
        .spawn()
        .expect("dunst is installed by .ci/setup");
    let dunst = Dunst(child);
    let started = Instant::now();
    while dunstctl(&["is-paused"]).is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "dunst did not take the session bus"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    dunst
}

#[test]
fn a_desktop_alert_reaches_the_notification_server() {
    let _dunst = start_dunst();
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
    let report = drain(&mut store, fast());
    assert_eq!(report.sent, 2, "{report:?} {:?}", deliveries(&store));

    // Notifications enter dunst's history once closed.
    dunstctl(&["close-all"]).expect("dunstctl close-all");
    let started = Instant::now();
    let history = loop {
        let h = dunstctl(&["history"]).unwrap_or_default();
        if h.contains("conn-0") || started.elapsed() > Duration::from_secs(5) {
            break h;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let parsed: serde_json::Value =
        serde_json::from_str(&history).expect("dunstctl history is JSON");
    let items = parsed["data"][0].as_array().cloned().unwrap_or_default();
    let field = |item: &serde_json::Value, k: &str| {
        item[k]["data"].as_str().unwrap_or_default().to_string()
    };
    let en = items
        .iter()
        .find(|i| field(i, "summary") == "CloudLens: sync of conn-0 is failing")
        .unwrap_or_else(|| panic!("no English notification in {history}"));
    assert_eq!(field(en, "appname"), "CloudLens");
    assert!(
        field(en, "body").contains("cloudlens connection test conn-0"),
        "{}",
        field(en, "body")
    );
    assert_eq!(
        en["timeout"]["data"].as_i64(),
        Some(15_000_000),
        "shown for 15 s (in µs)"
    );
    assert!(
        items
            .iter()
            .any(|i| field(i, "summary") == "CloudLens：连接 conn-0 同步失败"),
        "no Chinese notification in {history}"
    );
}
