//! Desktop notifications from the command line: the freedesktop
//! Notifications service on the session bus (notify-rust over zbus, no
//! libdbus), so `cloudlens alerts evaluate` from a timer under a desktop
//! session notifies too. No service on the bus is an error the sender
//! takes as "try again later".

use cloudlens_alerts::{Notifier, Severity};

/// How long a notification stays on screen.
const SHOW_MS: u32 = 15_000;

#[derive(Debug, Default, Clone, Copy)]
pub struct Freedesktop;

impl Notifier for Freedesktop {
    fn notify(&self, title: &str, body: &str, severity: Severity) -> Result<(), String> {
        let mut n = notify_rust::Notification::new();
        n.appname("CloudLens")
            .summary(title)
            .body(body)
            .timeout(notify_rust::Timeout::Milliseconds(SHOW_MS));
        #[cfg(all(unix, not(target_os = "macos")))]
        n.urgency(match severity {
            Severity::Critical => notify_rust::Urgency::Critical,
            Severity::Warning => notify_rust::Urgency::Normal,
            Severity::Info => notify_rust::Urgency::Low,
        });
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = severity;
        n.show().map(|_| ()).map_err(|e| e.to_string())
    }
}
