//! Connection and sync commands: each forwards to the session.

use cloudlens_api::{
    AddConnectionRequest, ApiError, ConnectionTestView, ConnectionView, PolicyGuideView,
    ScheduleView, Session, SyncRequest, SyncRunView,
};
use tauri::State;

use crate::commands::blocking;

#[tauri::command]
#[specta::specta]
pub async fn connections(session: State<'_, Session>) -> Result<Vec<ConnectionView>, ApiError> {
    blocking(&session, |s| s.connections()).await
}

#[tauri::command]
#[specta::specta]
pub async fn add_connection(
    session: State<'_, Session>,
    request: AddConnectionRequest,
) -> Result<ConnectionView, ApiError> {
    blocking(&session, move |s| s.add_connection(request)).await
}

#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    session: State<'_, Session>,
    name: String,
) -> Result<ConnectionTestView, ApiError> {
    blocking(&session, move |s| s.test_connection(name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_connection(session: State<'_, Session>, name: String) -> Result<(), ApiError> {
    blocking(&session, move |s| s.remove_connection(name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn policy_guide(
    session: State<'_, Session>,
    provider: String,
) -> Result<PolicyGuideView, ApiError> {
    blocking(&session, move |s| s.policy_guide(provider)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(session: State<'_, Session>, request: SyncRequest) -> Result<(), ApiError> {
    blocking(&session, move |s| s.sync(request)).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_history(
    session: State<'_, Session>,
    connection: Option<String>,
) -> Result<Vec<SyncRunView>, ApiError> {
    blocking(&session, move |s| s.sync_history(connection)).await
}

#[tauri::command]
#[specta::specta]
pub async fn schedule(session: State<'_, Session>) -> Result<ScheduleView, ApiError> {
    blocking(&session, |s| s.schedule()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_schedule(
    session: State<'_, Session>,
    schedule: ScheduleView,
) -> Result<(), ApiError> {
    blocking(&session, move |s| s.set_schedule(schedule)).await
}

#[tauri::command]
#[specta::specta]
pub async fn cancel_sync(session: State<'_, Session>) -> Result<(), ApiError> {
    session.cancel_sync();
    Ok(())
}
