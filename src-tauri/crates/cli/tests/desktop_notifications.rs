//! `cloudlens channel test` on a desktop channel shows a notification on a
//! real notification server (dunst) on the session bus, in the channel's
//! language. Run under `xvfb-run -a dbus-run-session` (as `.ci/run` does);
//! without a display and a session bus the test fails and says so.

use std::path::Path;
use std::process::{Command, Output};

use cloudlens_mockcloud::notifications::{field, NotificationServer};

const PASS: &str = "a long passphrase";

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

#[test]
fn a_desktop_channel_test_reaches_the_notification_server() {
    let dunst = NotificationServer::start(true);
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

    let items = dunst.history(2);
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
