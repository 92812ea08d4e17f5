use cloudlens_api::StoreStatus;
use serde::Serialize;

/// Sent whenever the store's state changes (opened, demo progress, ready,
/// failed), so the UI never polls.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct StoreStatusChanged(pub StoreStatus);
