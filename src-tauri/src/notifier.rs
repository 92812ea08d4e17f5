//! Desktop alerts through the notification plugin. The plugin sends in the
//! background and reports nothing back, so on Linux the notifier first
//! asks the session bus whether a notification server answers: without one
//! the alert stays queued in the outbox instead of being counted as shown.

use cloudlens_api::{AlertSeverity, DesktopNotifier};
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

pub struct PluginNotifier<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> DesktopNotifier for PluginNotifier<R> {
    fn notify(&self, title: &str, body: &str, _severity: AlertSeverity) -> Result<(), String> {
        server_answers()?;
        self.0
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show()
            .map_err(|e| e.to_string())
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn server_answers() -> Result<(), String> {
    const NAME: &str = "org.freedesktop.Notifications";
    let bus = zbus::blocking::Connection::session().map_err(|e| e.to_string())?;
    bus.call_method(
        Some(NAME),
        "/org/freedesktop/Notifications",
        Some(NAME),
        "GetServerInformation",
        &(),
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn server_answers() -> Result<(), String> {
    Ok(())
}
