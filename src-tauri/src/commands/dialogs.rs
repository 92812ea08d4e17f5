//! The system file choosers: they need the `AppHandle`, so they are written
//! here rather than generated from the api's tables. Each answers an empty
//! list or `None` when the user cancels.

use cloudlens_api::{ApiError, ErrorCode};
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

/// Runs a blocking dialog off the UI's event loop.
async fn ask<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(FileDialogBuilder<tauri::Wry>) -> T + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || f(app.dialog().file()))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn path(picked: Option<FilePath>) -> Option<String> {
    picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Bill files to import.
#[tauri::command]
#[specta::specta]
pub async fn pick_bill_files(app: AppHandle) -> Result<Vec<String>, ApiError> {
    let picked = ask(app, |d| {
        d.add_filter(
            "Bill files",
            &["csv", "gz", "parquet", "jsonl", "ndjson", "json"],
        )
        .blocking_pick_files()
    })
    .await?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| path(Some(f)))
        .collect())
}

/// Where to write a FOCUS export.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_path(
    app: AppHandle,
    suggested: String,
) -> Result<Option<String>, ApiError> {
    let picked = ask(app, |d| {
        d.set_file_name(suggested)
            .add_filter("FOCUS 1.2", &["csv", "parquet"])
            .blocking_save_file()
    })
    .await?;
    Ok(path(picked))
}

/// Where to write any other file the app writes.
#[tauri::command]
#[specta::specta]
pub async fn pick_save_path(
    app: AppHandle,
    suggested: String,
    filter_name: String,
    extensions: Vec<String>,
) -> Result<Option<String>, ApiError> {
    let picked = ask(app, move |d| {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        d.set_file_name(suggested)
            .add_filter(filter_name, &ext)
            .blocking_save_file()
    })
    .await?;
    Ok(path(picked))
}

/// One file to read.
#[tauri::command]
#[specta::specta]
pub async fn pick_open_file(
    app: AppHandle,
    filter_name: String,
    extensions: Vec<String>,
) -> Result<Option<String>, ApiError> {
    let picked = ask(app, move |d| {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        d.add_filter(filter_name, &ext).blocking_pick_file()
    })
    .await?;
    Ok(path(picked))
}
