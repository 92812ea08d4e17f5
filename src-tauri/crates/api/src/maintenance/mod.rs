//! Keeping the app and its store sound: encrypted backups and restores,
//! the store check, and updates (the user's choice about online checks,
//! and installing a signed package from a file; the shell adds the online
//! check and download through tauri-plugin-updater).

mod commands;
mod service;
pub(crate) mod updates;
pub(crate) mod views;

pub use service::restore_file;
pub use updates::{
    check_endpoint, install_downloaded, update_from_file, verify_update_file, UpdateConfig,
    VerifiedUpdate,
};
