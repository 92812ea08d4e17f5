//! Desktop notifications. The core knows no notification system: the
//! program hands the sender a [`Notifier`] (the app its notification
//! plugin, the CLI the freedesktop service on the session bus). A program
//! with none ([`NoDesktop`]) leaves desktop deliveries queued, and so does a
//! notifier that finds no notification service answering: the notification
//! waits until one answers.

use crate::message::Message;
use crate::platforms::Outcome;
use crate::Severity;

/// Something that shows a desktop notification.
pub trait Notifier: Send + Sync {
    /// `Err` (the reason) when no notification service took it.
    fn notify(&self, title: &str, body: &str, severity: Severity) -> Result<(), String>;
}

/// No desktop to notify: every desktop delivery waits for a program that
/// has one.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoDesktop;

impl Notifier for NoDesktop {
    fn notify(&self, _title: &str, _body: &str, _severity: Severity) -> Result<(), String> {
        Err("this program shows no desktop notifications".into())
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
