//! Each command forwards to the session on a blocking thread (store work
//! must not stall the UI's event loop) and returns.

use cloudlens_api::{
    ApiError, CostMetric, ErrorCode, ExportFilter, ExportResult, FileInspectionView, FormatChoice,
    ImportRequest, ImportRunView, Locale, OverviewView, Session, StoreStatus,
};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::Startup;

pub(crate) async fn blocking<T: Send + 'static>(
    session: &Session,
    f: impl FnOnce(Session) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let s = session.clone();
    tauri::async_runtime::spawn_blocking(move || f(s))
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?
}

#[tauri::command]
#[specta::specta]
pub async fn store_status(session: State<'_, Session>) -> Result<StoreStatus, ApiError> {
    Ok(session.status())
}

#[tauri::command]
#[specta::specta]
pub async fn overview(
    session: State<'_, Session>,
    metric: CostMetric,
    locale: Locale,
) -> Result<OverviewView, ApiError> {
    blocking(&session, move |s| s.overview(metric, locale)).await
}

#[tauri::command]
#[specta::specta]
pub async fn unlock(session: State<'_, Session>, passphrase: String) -> Result<(), ApiError> {
    blocking(&session, move |s| s.unlock(passphrase)).await
}

#[tauri::command]
#[specta::specta]
pub async fn load_demo(session: State<'_, Session>) -> Result<(), ApiError> {
    blocking(&session, |s| s.load_demo()).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_demo(session: State<'_, Session>) -> Result<(), ApiError> {
    blocking(&session, |s| s.remove_demo()).await
}

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

/// The formats a user may choose instead of detection.
#[tauri::command]
#[specta::specta]
pub async fn import_formats() -> Result<Vec<FormatChoice>, ApiError> {
    Ok(cloudlens_api::format_choices())
}

/// Opens the system file chooser for bill files; an empty list when the
/// user cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_bill_files(app: tauri::AppHandle) -> Result<Vec<String>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .add_filter(
                "Bill files",
                &["csv", "gz", "parquet", "jsonl", "ndjson", "json"],
            )
            .blocking_pick_files()
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(picked
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .map(|p| p.display().to_string())
        .collect())
}

#[tauri::command]
#[specta::specta]
pub async fn inspect_file(
    session: State<'_, Session>,
    path: String,
    format: Option<String>,
) -> Result<FileInspectionView, ApiError> {
    blocking(&session, move |s| s.inspect_file(&path, format.as_deref())).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_files(
    session: State<'_, Session>,
    request: ImportRequest,
) -> Result<(), ApiError> {
    blocking(&session, move |s| s.import_files(request)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_import(session: State<'_, Session>) -> Result<(), ApiError> {
    session.cancel();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn import_history(session: State<'_, Session>) -> Result<Vec<ImportRunView>, ApiError> {
    blocking(&session, |s| s.import_history()).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_import(session: State<'_, Session>, run_id: i64) -> Result<(), ApiError> {
    blocking(&session, move |s| s.remove_import(run_id)).await
}

/// The system save dialog for an export; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_export_path(
    app: tauri::AppHandle,
    suggested: String,
) -> Result<Option<String>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_file_name(suggested)
            .add_filter("FOCUS 1.2", &["csv", "parquet"])
            .blocking_save_file()
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn export_focus(
    session: State<'_, Session>,
    path: String,
    filter: ExportFilter,
) -> Result<ExportResult, ApiError> {
    blocking(&session, move |s| s.export_focus(&path, &filter)).await
}

/// The system save dialog for any file the app writes; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_save_path(
    app: tauri::AppHandle,
    suggested: String,
    filter_name: String,
    extensions: Vec<String>,
) -> Result<Option<String>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        app.dialog()
            .file()
            .set_file_name(suggested)
            .add_filter(filter_name, &ext)
            .blocking_save_file()
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}

/// The system open dialog for one file; `None` when the user cancels.
#[tauri::command]
#[specta::specta]
pub async fn pick_open_file(
    app: tauri::AppHandle,
    filter_name: String,
    extensions: Vec<String>,
) -> Result<Option<String>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let ext: Vec<&str> = extensions.iter().map(String::as_str).collect();
        app.dialog()
            .file()
            .add_filter(filter_name, &ext)
            .blocking_pick_file()
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(picked
        .and_then(|f| f.into_path().ok())
        .map(|p| p.display().to_string()))
}
