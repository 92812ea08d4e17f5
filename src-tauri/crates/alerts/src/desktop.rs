//! Desktop notifications. The core sends them through the freedesktop
//! Notifications D-Bus interface (notify-rust over zbus, no libdbus), so a
//! headless `cloudlens alerts evaluate` under a desktop session notifies
//! too; the app hands the sender its own [`Notifier`] (the shell's
//! notification plugin). No notification service answering is a transient
//! failure: the notification waits until one answers.

use crate::message::Message;
use crate::platforms::Outcome;
use crate::Severity;

/// How long a notification stays on screen.
const SHOW_MS: u32 = 15_000;

/// Something that shows a desktop notification.
pub trait Notifier: Send + Sync {
    /// `Err` (the reason) when no notification service took it.
    fn notify(&self, title: &str, body: &str, severity: Severity) -> Result<(), String>;
}

/// The freedesktop Notifications service on the session bus.
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

pub(crate) fn notify(notifier: &dyn Notifier, msg: &Message) -> Outcome {
    let body = msg.plain_lines().join("\n");
    match notifier.notify(&msg.title, &body, msg.severity) {
        Ok(()) => Outcome::Sent,
        Err(e) => Outcome::Transient {
            reason: format!("no desktop notification service answered: {e}"),
            retry_after: None,
            unreachable: true,
        },
    }
}
