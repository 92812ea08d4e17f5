//! Each command forwards to the session on a blocking thread (store work
//! must not stall the UI's event loop) and returns.

use cloudlens_api::{ApiError, CostMetric, ErrorCode, Locale, OverviewView, Session, StoreStatus};
use tauri::State;

use crate::Startup;

async fn blocking<T: Send + 'static>(
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
