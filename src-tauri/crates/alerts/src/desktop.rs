//! Desktop notifications through the freedesktop Notifications D-Bus
//! interface (notify-rust over zbus, no libdbus), sent from the core so a
//! headless `cloudlens alerts evaluate` under a desktop session notifies
//! too. No notification service on the session bus is a transient failure:
//! the notification waits until one answers.

use crate::message::Message;
use crate::platforms::Outcome;

/// How long a notification stays on screen.
const SHOW_MS: u32 = 15_000;

pub fn notify(msg: &Message) -> Outcome {
    let body = msg.plain_lines().join("\n");
    let mut n = notify_rust::Notification::new();
    n.appname("CloudLens")
        .summary(&msg.title)
        .body(&body)
        .timeout(notify_rust::Timeout::Milliseconds(SHOW_MS));
    #[cfg(all(unix, not(target_os = "macos")))]
    n.urgency(match msg.severity {
        crate::Severity::Critical => notify_rust::Urgency::Critical,
        crate::Severity::Warning => notify_rust::Urgency::Normal,
        crate::Severity::Info => notify_rust::Urgency::Low,
    });
    match n.show() {
        Ok(_) => Outcome::Sent,
        Err(e) => Outcome::Transient {
            reason: format!("no desktop notification service answered: {e}"),
            retry_after: None,
            unreachable: true,
        },
    }
}
