//! The Tauri shell: window, typed commands and events. Every command
//! forwards to `cloudlens_api::Session`; no domain logic lives here.

mod commands;
mod config;
mod events;

use std::time::Instant;

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder, Event};

pub use events::{FilesDropped, ImportUpdate, StoreStatusChanged};

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
        ])
        .events(collect_events![
            StoreStatusChanged,
            ImportUpdate,
            FilesDropped
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
