//! Whether the desktop shows tray icons. On Linux the tray icon is a
//! StatusNotifierItem (libayatana-appindicator): it shows only where a
//! StatusNotifier host has registered with the session bus's
//! `org.kde.StatusNotifierWatcher` (KDE, the GNOME extension, most panels).
//! Without one the window must not be hidden, since nothing could bring it
//! back. Asked each time, since panels come and go.

use cloudlens_api::TrayHost;

#[cfg(all(unix, not(target_os = "macos")))]
pub fn tray_host() -> TrayHost {
    if host_registered().unwrap_or(false) {
        TrayHost::Present
    } else {
        TrayHost::Absent
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn host_registered() -> zbus::Result<bool> {
    const WATCHER: &str = "org.kde.StatusNotifierWatcher";
    let bus = zbus::blocking::Connection::session()?;
    let reply = bus.call_method(
        Some(WATCHER),
        "/StatusNotifierWatcher",
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &(WATCHER, "IsStatusNotifierHostRegistered"),
    )?;
    let value: zbus::zvariant::OwnedValue = reply.body().deserialize()?;
    Ok(bool::try_from(value)?)
}

/// Windows and macOS always have a notification area / menu bar.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn tray_host() -> TrayHost {
    TrayHost::Present
}
