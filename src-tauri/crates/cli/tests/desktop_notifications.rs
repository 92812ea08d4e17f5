//! `cloudlens channel test` on a desktop channel shows a notification on a
//! real notification server (dunst) on the session bus, in the channel's
//! language. Run under `xvfb-run -a dbus-run-session` (as `.ci/run` does);
//! without a display and a session bus the test fails and says so.

use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

const PASS: &str = "a long passphrase";

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
    let dunst = Dunst(
        Command::new("dunst")
            .spawn()
            .expect("dunst is installed by .ci/setup"),
    );
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

fn cloudlens(db: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_cloudlens"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CLOUDLENS_PASSPHRASE", PASS)
        .output()
        .expect("run cloudlens");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Dunst's history (closed notifications), once it holds `n` items.
fn history(n: usize) -> Vec<serde_json::Value> {
    dunstctl(&["close-all"]).expect("dunstctl close-all");
    let started = Instant::now();
    loop {
        let text = dunstctl(&["history"]).unwrap_or_default();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let items = parsed["data"][0].as_array().cloned().unwrap_or_default();
        if items.len() >= n || started.elapsed() > Duration::from_secs(5) {
            return items;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_desktop_channel_test_reaches_the_notification_server() {
    let _dunst = start_dunst();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    cloudlens(&db, &["channel", "add", "desktop", "--kind", "desktop"]);
    cloudlens(
        &db,
        &[
            "channel",
            "add",
            "桌面",
            "--kind",
            "desktop",
            "--language",
            "zh-CN",
        ],
    );
    cloudlens(&db, &["channel", "test", "desktop"]);
    cloudlens(&db, &["channel", "test", "桌面"]);

    let items = history(2);
    let field = |item: &serde_json::Value, k: &str| {
        item[k]["data"].as_str().unwrap_or_default().to_string()
    };
    let en = items
        .iter()
        .find(|i| field(i, "summary") == "CloudLens: test message for channel desktop")
        .unwrap_or_else(|| panic!("no English notification in {items:?}"));
    assert_eq!(field(en, "appname"), "CloudLens");
    assert!(field(en, "body").contains("delivers alerts"), "{en}");
    assert_eq!(
        en["timeout"]["data"].as_i64(),
        Some(15_000_000),
        "shown for 15 s (in µs)"
    );
    assert!(
        items
            .iter()
            .any(|i| field(i, "summary") == "CloudLens：渠道 桌面 测试消息"),
        "no Chinese notification in {items:?}"
    );
}
