//! Signed updates, online or from a file: a package (`.deb` or `.rpm`) is
//! checked against its signature with CloudLens's update key (minisign,
//! as Tauri's signer makes it and tauri-plugin-updater checks it), then
//! read for its name and version, and installed only when it is CloudLens
//! and newer than the running build. Knows nothing of Tauri: the shell
//! downloads online updates with tauri-plugin-updater and hands the bytes
//! here, the CLI and "Update from file…" read files.

mod error;
mod install;
mod key;
mod package;
mod signature;
mod verify;

pub use error::UpdateError;
pub use install::{install, InstallContext, Installed};
pub use key::{UpdateKey, PLACEHOLDER};
pub use package::{inspect, PackageInfo, PackageKind};
pub use signature::Signed;
pub use verify::{verify_files, verify_package, Running, Verified, PACKAGE_NAME};
