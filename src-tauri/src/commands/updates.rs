//! Online updates: tauri-plugin-updater looks at the endpoint the user
//! chose (only when they turned online checks on) and downloads the
//! package, checking its signature with the key built into this release;
//! `cloudlens-api` checks it again with its name and version and installs
//! it, exactly as an update from a file. Nothing here runs unless the user
//! asks: there is no background check.

use std::sync::Mutex;
use std::time::Duration;

use cloudlens_api::{
    ApiError, ErrorCode, Session, UpdateChecks, UpdateInstalledView, UpdateOfferView,
};
use tauri::{AppHandle, State};
use tauri_plugin_updater::{Update, UpdaterExt};

/// The release found by the last check, until it is installed.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

fn failed(what: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::UpdateNotInstalled, format!("{what}: {e}"))
}

/// Asks the update endpoint for a newer release; `None` when this is the
/// latest. Refused while online checks are off.
#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    app: AppHandle,
    session: State<'_, Session>,
    pending: State<'_, PendingUpdate>,
) -> Result<Option<UpdateOfferView>, ApiError> {
    let settings = session.update_settings()?;
    if settings.checks != UpdateChecks::On {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            "online update checks are off; turn them on in Settings first",
        ));
    }
    if !settings.can_verify {
        return Err(ApiError::new(
            ErrorCode::UpdateRefused,
            "this build of CloudLens carries no update key (a development build), so it cannot verify updates",
        ));
    }
    cloudlens_api::check_endpoint(&settings.endpoint)?;
    let url = settings.endpoint.parse().map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("{}: {e}", settings.endpoint),
        )
    })?;
    let updater = app
        .updater_builder()
        .endpoints(vec![url])
        .and_then(|b| b.timeout(Duration::from_secs(60)).build())
        .map_err(|e| failed("the update check could not start", e))?;
    let found = updater
        .check()
        .await
        .map_err(|e| failed(&format!("could not check {}", settings.endpoint), e))?;
    let offer = found.as_ref().map(|u| UpdateOfferView {
        version: u.version.clone(),
        current: u.current_version.clone(),
        notes: u.body.clone(),
        date: u
            .raw_json
            .get("pub_date")
            .and_then(|d| d.as_str())
            .map(String::from),
    });
    *pending.0.lock().unwrap_or_else(|p| p.into_inner()) = found;
    Ok(offer)
}

/// Downloads the release the last check found (the plugin checks its
/// signature) and installs it; CloudLens must then be restarted.
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    session: State<'_, Session>,
    pending: State<'_, PendingUpdate>,
) -> Result<UpdateInstalledView, ApiError> {
    let update = pending
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take()
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, "check for an update first"))?;
    let bytes = update.download(|_, _| {}, || {}).await.map_err(|e| {
        ApiError::new(
            ErrorCode::UpdateRefused,
            format!("the download from {} was refused: {e}", update.download_url),
        )
    })?;
    let cfg = session.update_config();
    let url = update.download_url.to_string();
    let signature = update.signature.clone();
    tauri::async_runtime::spawn_blocking(move || {
        cloudlens_api::install_downloaded(&cfg, &bytes, &url, &signature)
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

/// Starts the installed version in place of this one.
#[tauri::command]
#[specta::specta]
pub async fn restart_app(app: AppHandle) -> Result<(), ApiError> {
    app.restart()
}
