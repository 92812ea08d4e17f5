//! Keeping CloudLens in the system tray: what closing the main window does,
//! the tray menu's words, and the language the shell labels it in. The
//! shell owns the tray and the window; it asks here what to do.

use std::sync::Mutex;

use crate::{Locale, Session, TrayStatusView};

/// Whether the desktop shows tray icons right now, as the shell found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayHost {
    /// A StatusNotifier host (or the platform's own tray) shows the icon.
    Present,
    /// Nothing would show the icon: a hidden window could not be reopened.
    Absent,
}

/// What closing the main window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseAction {
    /// Close the window and end the process.
    Quit,
    /// Hide the window; the tray icon opens it again, and scheduled sync
    /// and alert delivery go on.
    HideToTray,
    /// The user asked for the tray but there is none: minimise instead, so
    /// the work goes on and the window stays reachable from the task bar.
    Minimize,
}

/// Closing the window keeps the process only when the user asked for it,
/// and never hides a window that no tray icon could bring back.
pub fn close_action(keep_in_tray: bool, host: TrayHost) -> CloseAction {
    match (keep_in_tray, host) {
        (false, _) => CloseAction::Quit,
        (true, TrayHost::Present) => CloseAction::HideToTray,
        (true, TrayHost::Absent) => CloseAction::Minimize,
    }
}

/// The tray icon's tooltip and menu entries in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrayLabels {
    pub tooltip: &'static str,
    pub open: &'static str,
    pub sync_now: &'static str,
    pub quit: &'static str,
}

pub fn tray_labels(locale: Locale) -> TrayLabels {
    match locale {
        Locale::En => TrayLabels {
            tooltip: "CloudLens: scheduled syncs and alerts keep running",
            open: "Open CloudLens",
            sync_now: "Sync now",
            quit: "Quit CloudLens",
        },
        Locale::ZhCn => TrayLabels {
            tooltip: "CloudLens：定时同步和告警继续运行",
            open: "打开 CloudLens",
            sync_now: "立即同步",
            quit: "退出 CloudLens",
        },
    }
}

/// The UI's language as it last told the session (English until it does).
pub(crate) struct UiLocale(Mutex<Locale>);

impl Default for UiLocale {
    fn default() -> Self {
        UiLocale(Mutex::new(Locale::En))
    }
}

impl Session {
    /// Records the UI's language, so what the shell shows outside the
    /// window (the tray menu) speaks it too.
    pub fn set_ui_locale(&self, locale: Locale) {
        *self
            .inner
            .ui_locale
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = locale;
    }

    pub fn ui_locale(&self) -> Locale {
        *self
            .inner
            .ui_locale
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// What closing the main window does now: the saved setting (off while
    /// no store is open) against the tray the shell found.
    pub fn close_action(&self, host: TrayHost) -> CloseAction {
        let keep = self
            .with_ready(|cl| cl.alert_settings())
            .map(|s| s.keep_in_tray)
            .unwrap_or(false);
        close_action(keep, host)
    }
}

impl From<TrayHost> for TrayStatusView {
    fn from(host: TrayHost) -> Self {
        TrayStatusView {
            available: host == TrayHost::Present,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_hides_only_when_asked_and_a_tray_can_bring_it_back() {
        use CloseAction::*;
        use TrayHost::*;
        assert_eq!(close_action(false, Present), Quit);
        assert_eq!(close_action(false, Absent), Quit);
        assert_eq!(close_action(true, Present), HideToTray);
        assert_eq!(close_action(true, Absent), Minimize);
    }

    #[test]
    fn the_session_decides_from_the_saved_setting_and_quits_without_a_store() {
        use crate::{AlertSettings, Keychain, SessionConfig, StoreState};
        let dir = tempfile::tempdir().unwrap();
        let session = Session::start(
            SessionConfig {
                db_path: dir.path().join("s.db"),
                updates: Default::default(),
                keychain: Keychain::with_service("CloudLens-tray-test-unused"),
                passphrase: Some(zeroize::Zeroizing::new("pass".into())),
                demo_lines: 500,
                demo_seed: 4,
                clock: || 1_749_945_600,
                os_user: "tester".into(),
                audit: false,
                system_zone: None,
            },
            |_| {},
        );
        let started = std::time::Instant::now();
        while session.status().state != StoreState::Ready {
            assert!(session.status().state != StoreState::Failed);
            assert!(started.elapsed().as_secs() < 120, "the store never opened");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(session.close_action(TrayHost::Present), CloseAction::Quit);
        let keep = AlertSettings {
            keep_in_tray: true,
            ..AlertSettings::default()
        };
        session.set_alert_settings(keep).unwrap();
        assert_eq!(
            session.close_action(TrayHost::Present),
            CloseAction::HideToTray
        );
        assert_eq!(
            session.close_action(TrayHost::Absent),
            CloseAction::Minimize
        );
        session.set_ui_locale(Locale::ZhCn);
        assert_eq!(session.ui_locale(), Locale::ZhCn);
    }

    #[test]
    fn the_menu_speaks_both_languages() {
        let (en, zh) = (tray_labels(Locale::En), tray_labels(Locale::ZhCn));
        assert_eq!(en.open, "Open CloudLens");
        assert_eq!(zh.open, "打开 CloudLens");
        for labels in [en, zh] {
            assert!(labels.quit.contains("CloudLens"));
            assert!(labels.tooltip.starts_with("CloudLens"));
        }
        assert_ne!(en.sync_now, zh.sync_now);
    }
}
