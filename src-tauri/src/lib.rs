//! The Tauri shell: window, typed commands and events. Every command
//! forwards to `cloudlens_api::Session`; no domain logic lives here.

mod commands;
mod commands_explore;
mod commands_sync;
mod config;
mod events;

use std::time::Instant;

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder, Event};

pub use events::{FilesDropped, ImportUpdate, StoreStatusChanged, SyncUpdate};

/// When the process started, for the first-paint figure.
pub struct Startup(pub Instant);

/// The typed command and event registry; the same one generates
/// `ui/src/lib/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::store_status,
            commands::overview,
            commands::unlock,
            commands::load_demo,
            commands::remove_demo,
            commands::ui_painted,
            commands::import_formats,
            commands::pick_bill_files,
            commands::inspect_file,
            commands::import_files,
            commands::cancel_import,
            commands::import_history,
            commands::remove_import,
            commands::pick_export_path,
            commands::export_focus,
            commands::pick_save_path,
            commands::pick_open_file,
            commands_explore::explore,
            commands_explore::dimensions,
            commands_explore::dimension_values,
            commands_explore::compare,
            commands_explore::resource_detail,
            commands_explore::export_table,
            commands_explore::rules,
            commands_explore::rules_at,
            commands_explore::rule_versions,
            commands_explore::save_rules,
            commands_explore::preview_rules,
            commands_explore::exchange_rates,
            commands_explore::set_exchange_rate,
            commands_explore::remove_exchange_rate,
            commands_explore::import_exchange_rates,
            commands_explore::saved_views,
            commands_explore::save_view,
            commands_explore::remove_view,
            commands_explore::view_link,
            commands_explore::open_view_link,
            commands_sync::connections,
            commands_sync::add_connection,
            commands_sync::test_connection,
            commands_sync::remove_connection,
            commands_sync::policy_guide,
            commands_sync::sync_now,
            commands_sync::sync_history,
            commands_sync::schedule,
            commands_sync::set_schedule,
            commands_sync::cancel_sync,
        ])
        .events(collect_events![
            StoreStatusChanged,
            ImportUpdate,
            FilesDropped,
            SyncUpdate
        ])
}

pub fn typescript() -> Typescript {
    Typescript::default()
        .bigint(BigIntExportBehavior::Number)
        .header("// @ts-nocheck\n// Generated from the Rust commands by tauri-specta; do not edit. `cargo run --bin export-bindings` regenerates it.\n")
}

pub fn run() {
    let started = Instant::now();
    let builder = specta_builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let paths = paths.iter().map(|p| p.display().to_string()).collect();
                let _ = FilesDropped { paths }.emit(window);
            }
        })
        .setup(move |app| {
            builder.mount_events(app);
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
            app.manage(session);
            app.manage(Startup(started));
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = app {
        eprintln!("CloudLens could not start: {e}");
        std::process::exit(1);
    }
}
