//! The Tauri shell: window, typed commands and events. Every command
//! forwards to `cloudlens_api::Session`; no domain logic lives here.

mod commands;
mod config;
mod events;

use std::time::Instant;

use specta_typescript::{BigIntExportBehavior, Typescript};
use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder, Event};

pub use events::StoreStatusChanged;

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
        ])
        .events(collect_events![StoreStatusChanged])
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
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let handle = app.handle().clone();
            let config = config::session_config(app.handle())?;
            let session = cloudlens_api::Session::start(config, move |status| {
                // The window may already be gone at shutdown; nothing to do then.
                let _ = StoreStatusChanged(status).emit(&handle);
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
