//! The shell reads the environment and the platform paths; the core is
//! handed the result.

// Reading them is this module's job.
#![allow(clippy::disallowed_methods)]

use std::path::PathBuf;

use cloudlens_api::{Keychain, Locale, SessionConfig, UpdateConfig};
use tauri::{AppHandle, Manager};
use zeroize::Zeroizing;

const DEFAULT_DEMO_LINES: u64 = 1_000_000;

/// The system's time zone (IANA name), UTC when the system does not say.
fn system_zone() -> String {
    iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".to_string())
}

/// The account the app runs as, from the system's user database (a desktop
/// launcher or a service may not set `$USER`); the environment only if the
/// database has no name for it.
pub fn os_user() -> String {
    whoami::fallible::username()
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// Whether the page's console goes to stdout (`CLOUDLENS_WEBVIEW_CONSOLE=1`),
/// so a test that finds the page stuck can read the error that stopped it.
pub fn webview_console() -> bool {
    std::env::var_os("CLOUDLENS_WEBVIEW_CONSOLE").is_some_and(|v| v == "1")
}

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
    let os_user = os_user();
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
        system_zone: Some(system_zone()),
        updates: update_config(app)?,
    })
}

/// The running version and the update key and endpoint this build was
/// released with (`plugins.updater` in `tauri.conf.json`, which the release
/// script fills in; a placeholder key in development builds).
fn update_config(app: &AppHandle) -> Result<UpdateConfig, Box<dyn std::error::Error>> {
    let updater = app.config().plugins.0.get("updater");
    let key = updater
        .and_then(|u| u.get("pubkey"))
        .and_then(|k| k.as_str())
        .unwrap_or_default()
        .to_string();
    let default_endpoint = updater
        .and_then(|u| u.get("endpoints"))
        .and_then(|e| e.get(0))
        .and_then(|e| e.as_str())
        .unwrap_or_default()
        .to_string();
    Ok(UpdateConfig {
        version: app.package_info().version.to_string(),
        key,
        default_endpoint,
        staging: app.path().app_cache_dir()?.join("updates"),
        may_prompt: true,
        audit_mode: false,
        install_root: std::env::var_os("CLOUDLENS_INSTALL_ROOT").map(PathBuf::from),
    })
}

/// The language the tray menu starts in, until the UI says which it shows:
/// Chinese when the system's locale is, else English.
pub fn system_locale() -> Locale {
    let chinese = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("zh"));
    if chinese {
        Locale::ZhCn
    } else {
        Locale::En
    }
}
