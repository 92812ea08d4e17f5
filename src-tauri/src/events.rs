use cloudlens_api::{DetectionEvent, ImportEvent, StoreStatus, SyncEvent};
use serde::Serialize;

/// Sent whenever the store's state changes (opened, demo progress, ready,
/// failed), so the UI never polls.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct StoreStatusChanged(pub StoreStatus);

/// Progress and results of a running import.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct ImportUpdate(pub ImportEvent);

/// Files dropped onto the window, as paths.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct FilesDropped {
    pub paths: Vec<String>,
}

/// Progress and results of a provider sync.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct SyncUpdate(pub SyncEvent);

/// Start and end of an anomaly detection run.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct AnomalyUpdate(pub DetectionEvent);
