//! Provider connections and sync, as the session serves them. PLACEHOLDER
//! bodies until the sync engine lands.

use crate::{
    AddConnectionRequest, ApiError, ConnectionTestView, ConnectionView, ErrorCode, PolicyGuideView,
    ScheduleView, Session, SyncEvent, SyncRequest, SyncRunView,
};

fn pending() -> ApiError {
    ApiError::new(ErrorCode::Internal, "provider sync is not built yet")
}

#[allow(unused_variables)]
impl Session {
    /// Where sync progress and results go (the shell forwards them as events).
    pub fn on_sync(&self, f: impl Fn(SyncEvent) + Send + Sync + 'static) {}

    pub fn connections(&self) -> Result<Vec<ConnectionView>, ApiError> {
        Err(pending())
    }

    pub fn add_connection(&self, req: AddConnectionRequest) -> Result<ConnectionView, ApiError> {
        Err(pending())
    }

    pub fn test_connection(&self, name: String) -> Result<ConnectionTestView, ApiError> {
        Err(pending())
    }

    /// Removes the connection and its secret; synced lines stay until removed from the history.
    pub fn remove_connection(&self, name: String) -> Result<(), ApiError> {
        Err(pending())
    }

    pub fn policy_guide(&self, provider: String) -> Result<PolicyGuideView, ApiError> {
        Err(pending())
    }

    /// Starts a sync in the background; progress and the result arrive through `on_sync`.
    pub fn sync(&self, req: SyncRequest) -> Result<(), ApiError> {
        Err(pending())
    }

    pub fn cancel_sync(&self) {}

    pub fn sync_history(&self, connection: Option<String>) -> Result<Vec<SyncRunView>, ApiError> {
        Err(pending())
    }

    pub fn schedule(&self) -> Result<ScheduleView, ApiError> {
        Err(pending())
    }

    pub fn set_schedule(&self, schedule: ScheduleView) -> Result<(), ApiError> {
        Err(pending())
    }
}
