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

/// The UI's language, so the tray menu speaks it too.
#[tauri::command]
#[specta::specta]
pub async fn set_ui_locale(
    app: tauri::AppHandle,
    session: State<'_, cloudlens_api::Session>,
    locale: cloudlens_api::Locale,
) -> Result<(), ApiError> {
    session.set_ui_locale(locale);
    crate::tray::relabel(&app, locale)
        .map_err(|e| ApiError::new(cloudlens_api::ErrorCode::Internal, e.to_string()))
}

/// Whether this desktop shows tray icons, for the Settings page.
#[tauri::command]
#[specta::specta]
pub async fn tray_status() -> Result<cloudlens_api::TrayStatusView, ApiError> {
    Ok(crate::tray_host::tray_host().into())
}
