//! The shell reads the environment and the platform paths; the core is
//! handed the result.

// Reading them is this module's job.
#![allow(clippy::disallowed_methods)]

use std::path::PathBuf;

use cloudlens_api::{Keychain, SessionConfig};
use tauri::{AppHandle, Manager};
use zeroize::Zeroizing;

const DEFAULT_DEMO_LINES: u64 = 1_000_000;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

pub fn session_config(app: &AppHandle) -> Result<SessionConfig, Box<dyn std::error::Error>> {
    let db_path = match std::env::var_os("CLOUDLENS_DB") {
        Some(p) => PathBuf::from(p),
        None => app.path().app_data_dir()?.join("cloudlens.db"),
    };
    let keychain = match std::env::var("CLOUDLENS_KEYCHAIN_SERVICE") {
        Ok(s) if !s.is_empty() => Keychain::with_service(&s),
        _ => Keychain::default(),
    };
    let passphrase = std::env::var("CLOUDLENS_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(Zeroizing::new);
    let demo_lines = std::env::var("CLOUDLENS_DEMO_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_DEMO_LINES);
    let os_user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".to_string());
    // `--audit` on the command line, or CLOUDLENS_AUDIT=1, opens the store
    // read-only.
    let audit = std::env::args().any(|a| a == "--audit")
        || std::env::var("CLOUDLENS_AUDIT").is_ok_and(|v| v == "1");
    Ok(SessionConfig {
        db_path,
        keychain,
        passphrase,
        demo_lines,
        demo_seed: 42,
        clock: now,
        os_user,
        audit,
    })
}
