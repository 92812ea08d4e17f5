//! The tray icon and what closing the main window does. The icon's menu
//! opens the window, starts a sync and quits, in the UI's language; whether
//! closing hides the window, minimises it or ends the process is the api's
//! decision (`Session::close_action`), made against the tray found now.

use cloudlens_api::{tray_labels, CloseAction, Locale, Session, SyncRequest};
use tauri::menu::{Menu, MenuEvent, MenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, CloseRequestApi, Manager, WebviewWindow, Window, Wry};

use crate::tray_host::tray_host;

const OPEN: &str = "open";
const SYNC: &str = "sync";
const QUIT: &str = "quit";

/// The menu's entries, kept to relabel them when the language changes.
pub struct TrayMenu {
    open: MenuItem<Wry>,
    sync: MenuItem<Wry>,
    quit: MenuItem<Wry>,
}

/// Puts the icon in the tray, labelled in the session's language.
pub fn install(app: &AppHandle, locale: Locale) -> tauri::Result<()> {
    let labels = tray_labels(locale);
    let open = MenuItem::with_id(app, OPEN, labels.open, true, None::<&str>)?;
    let sync = MenuItem::with_id(app, SYNC, labels.sync_now, true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, labels.quit, true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &sync, &quit])?;
    let mut tray = TrayIconBuilder::with_id("main")
        .tooltip(labels.tooltip)
        .menu(&menu)
        .on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayMenu { open, sync, quit });
    Ok(())
}

/// Relabels the menu in `locale`.
pub fn relabel(app: &AppHandle, locale: Locale) -> tauri::Result<()> {
    let labels = tray_labels(locale);
    if let Some(menu) = app.try_state::<TrayMenu>() {
        menu.open.set_text(labels.open)?;
        menu.sync.set_text(labels.sync_now)?;
        menu.quit.set_text(labels.quit)?;
    }
    if let Some(tray) = app.tray_by_id("main") {
        tray.set_tooltip(Some(labels.tooltip))?;
    }
    Ok(())
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    match event.id().as_ref() {
        OPEN => show_main(app),
        SYNC => {
            if let Some(session) = app.try_state::<Session>() {
                let every = SyncRequest {
                    connection: None,
                    from: None,
                    to: None,
                };
                // Progress and failures reach the window as sync events.
                if let Err(e) = session.sync_now(every) {
                    eprintln!("cloudlens: sync from the tray: {}", e.message);
                }
            }
        }
        QUIT => app.exit(0),
        _ => {}
    }
}

/// Shows the main window again and gives it the focus.
pub fn show_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        show(&window);
    }
}

fn show(window: &WebviewWindow) {
    let _ = window.show();
    let _ = window.unminimize();
    let _ = window.set_focus();
}

/// The main window is asked to close: hide or minimise it instead when the
/// user keeps CloudLens in the tray, so the schedules go on.
pub fn on_close_requested(window: &Window, api: &CloseRequestApi) {
    let Some(session) = window.app_handle().try_state::<Session>() else {
        return;
    };
    match session.close_action(tray_host()) {
        CloseAction::Quit => {}
        CloseAction::HideToTray => {
            api.prevent_close();
            let _ = window.hide();
        }
        CloseAction::Minimize => {
            api.prevent_close();
            let _ = window.minimize();
        }
    }
}
