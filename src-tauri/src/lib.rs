//! The Tauri shell: window, typed commands and events. Every command
//! forwards to `cloudlens_api::Session` (most are generated from the api's
//! command tables, see `commands`); no domain logic lives here.

mod commands;
mod config;
mod events;
mod notifier;
mod tray;
mod tray_host;
mod webview_watch;

use std::time::Instant;

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Manager;
use tauri_specta::Event;

pub use commands::specta_builder;
pub use events::{AnomalyUpdate, FilesDropped, ImportUpdate, StoreStatusChanged, SyncUpdate};

/// When the process started, for the first-paint figure.
pub struct Startup(pub Instant);

pub fn typescript() -> Typescript {
    Typescript::default()
        .bigint(BigIntExportBehavior::Number)
        .header("// @ts-nocheck\n// Generated from the Rust commands by tauri-specta; do not edit. `cargo run --release --example export-bindings` regenerates it.\n")
}

pub fn run() {
    let started = Instant::now();
    let builder = specta_builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(|window, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                let paths = paths.iter().map(|p| p.display().to_string()).collect();
                let _ = FilesDropped { paths }.emit(window);
            }
            tauri::WindowEvent::CloseRequested { api, .. } => tray::on_close_requested(window, api),
            _ => {}
        })
        .setup(move |app| {
            builder.mount_events(app);
            if let Some(window) = app.get_webview_window("main") {
                webview_watch::watch(&window, config::webview_console());
            }
            let handle = app.handle().clone();
            let config = config::session_config(app.handle())?;
            let session = cloudlens_api::Session::start(config, move |status| {
                // The window may already be gone at shutdown; nothing to do then.
                let _ = StoreStatusChanged(status).emit(&handle);
            });
            let handle = app.handle().clone();
            session.on_import(move |e| {
                let _ = ImportUpdate(e).emit(&handle);
            });
            let handle = app.handle().clone();
            session.on_sync(move |e| {
                let _ = SyncUpdate(e).emit(&handle);
            });
            let handle = app.handle().clone();
            session.on_detection(move |e| {
                let _ = AnomalyUpdate(e).emit(&handle);
            });
            session.set_actor(&config::os_user());
            // Desktop alerts go through the notification plugin; this also
            // starts the schedule that evaluates alerts while the app runs.
            session.on_alerts(std::sync::Arc::new(notifier::PluginNotifier(
                app.handle().clone(),
            )));
            session.set_ui_locale(config::system_locale());
            // A desktop without a tray still runs the app; closing then
            // minimises (see `tray`), and Settings says why.
            if let Err(e) = tray::install(app.handle(), session.ui_locale()) {
                eprintln!("cloudlens: no tray icon: {e}");
            }
            app.manage(session);
            app.manage(Startup(started));
            app.manage(commands::updates::PendingUpdate::default());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("CloudLens could not start: {e}");
        std::process::exit(1);
    }
}
