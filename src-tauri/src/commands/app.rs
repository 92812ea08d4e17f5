//! Commands about the app itself rather than the store.

use cloudlens_api::ApiError;
use tauri::State;

use crate::Startup;

/// The UI reports its first painted dashboard; the time since launch goes
/// to stderr for the startup benchmark.
#[tauri::command]
#[specta::specta]
pub async fn ui_painted(startup: State<'_, Startup>) -> Result<(), ApiError> {
    eprintln!(
        "cloudlens: first dashboard painted {} ms after launch",
        startup.0.elapsed().as_millis()
    );
    Ok(())
}
