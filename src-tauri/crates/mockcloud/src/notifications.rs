//! A real notification server for tests: dunst on the test's session bus,
//! and what it showed, read back through `dunstctl`.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// dunst, running until dropped.
pub struct NotificationServer(Child);

impl Drop for NotificationServer {
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

impl NotificationServer {
    /// Starts dunst and waits until it owns the session bus's notification
    /// name. Panics with how to run the test when there is no session bus
    /// (and, for `needs_display`, no X display).
    pub fn start(needs_display: bool) -> Self {
        let vars: &[&str] = if needs_display {
            &["DISPLAY", "DBUS_SESSION_BUS_ADDRESS"]
        } else {
            &["DBUS_SESSION_BUS_ADDRESS"]
        };
        for var in vars {
            assert!(
                std::env::var_os(var).is_some(),
                "{var} is not set: run this test under `xvfb-run -a dbus-run-session` (see .ci/run)"
            );
        }
        let server = Self(
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
        server
    }

    /// The notifications shown so far, as dunst's history items (closing
    /// them moves them there), waiting up to 5 s for at least `n`.
    pub fn history(&self, n: usize) -> Vec<serde_json::Value> {
        dunstctl(&["close-all"]);
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

    /// The summaries of what was shown so far.
    pub fn summaries(&self) -> Vec<String> {
        self.history(0)
            .iter()
            .map(|i| field(i, "summary"))
            .collect()
    }
}

/// A text field of a dunst history item.
pub fn field(item: &serde_json::Value, key: &str) -> String {
    item[key]["data"].as_str().unwrap_or_default().to_string()
}
