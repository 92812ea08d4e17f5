//! The Tauri commands. Those the api's command tables declare are generated
//! here (`cloudlens_api::all_commands!`): each forwards to the `Session`
//! method of the same name on a blocking thread, since store work must not
//! stall the UI's event loop. The few that need the `AppHandle` or shell
//! state are written by hand in `dialogs` and `app` and listed below with
//! the domain the UI finds them in.

mod app;
mod dialogs;
pub mod updates;

use std::collections::BTreeMap;

use cloudlens_api::{ApiError, ErrorCode, Session};
use tauri_specta::{collect_commands, collect_events, Builder};

use crate::events::{AnomalyUpdate, FilesDropped, ImportUpdate, StoreStatusChanged, SyncUpdate};

async fn blocking<T: Send + 'static>(
    session: &Session,
    f: impl FnOnce(Session) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let s = session.clone();
    tauri::async_runtime::spawn_blocking(move || f(s))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

/// `store_status` → `storeStatus`, as the bindings name commands.
fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// Expands the api's tables (after the hand-written commands, grouped by
/// domain) into the commands and the registry.
macro_rules! register {
    (
        $($hand_domain:ident [$($hand_module:ident :: $hand:ident),* $(,)?])*
        ;
        $($domain:ident {
            $(
                $(#[$meta:meta])*
                fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty
                $(=> $how:ident $($body:expr)?)?;
            )*
        })*
    ) => {
        mod generated {
            use cloudlens_api::*;
            use tauri::State;

            use super::blocking;

            $($(
                $(#[$meta])*
                #[tauri::command]
                #[specta::specta]
                pub async fn $name(
                    session: State<'_, Session>,
                    $($arg: $ty),*
                ) -> Result<$ret, ApiError> {
                    blocking(&session, move |s| s.$name($($arg),*)).await
                }
            )*)*
        }

        /// The typed command and event registry; the same one generates
        /// `ui/src/lib/bindings.ts`, including `commandDomains`, the
        /// commands of each domain as the UI's gateway groups them.
        pub fn specta_builder() -> Builder<tauri::Wry> {
            let mut domains: BTreeMap<String, Vec<String>> = BTreeMap::new();
            $(domains.entry(stringify!($domain).into()).or_default().extend(
                [$(stringify!($name)),*].map(camel)
            );)*
            $(domains.entry(stringify!($hand_domain).into()).or_default().extend(
                [$(stringify!($hand)),*].map(camel)
            );)*
            Builder::<tauri::Wry>::new()
                .commands(collect_commands![
                    $($(generated::$name,)*)*
                    $($($hand_module::$hand,)*)*
                ])
                .events(collect_events![
                    StoreStatusChanged,
                    ImportUpdate,
                    FilesDropped,
                    SyncUpdate,
                    AnomalyUpdate
                ])
                .constant("commandDomains", domains)
        }
    };
}

cloudlens_api::all_commands!([register]
    session [app::ui_painted, app::set_ui_locale]
    alerts [app::tray_status]
    dialogs [
        dialogs::pick_bill_files,
        dialogs::pick_export_path,
        dialogs::pick_save_path,
        dialogs::pick_open_file,
    ]
    maintenance [
        updates::check_for_update,
        updates::install_update,
        updates::restart_app,
    ]
    ;
);
