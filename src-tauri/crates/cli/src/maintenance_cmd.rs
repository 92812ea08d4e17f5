//! `cloudlens backup`, `restore`, `check` and `update`.

use std::path::{Path, PathBuf};
use std::process::Command;

use cloudlens_api::{ApiError, BackupView, CheckView, ErrorCode, KeySource, UpdateConfig};

use crate::key::read_passphrase_file;

/// The backup's own passphrase: a file, or `CLOUDLENS_BACKUP_PASSPHRASE`.
fn backup_passphrase(file: Option<&Path>) -> Result<Option<String>, ApiError> {
    if let Some(path) = file {
        return read_passphrase_file(path).map(|p| Some(p.to_string()));
    }
    Ok(std::env::var("CLOUDLENS_BACKUP_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty()))
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn say(what: &str, v: &BackupView) {
    errln!(
        "{what} {}: {} lines in {} runs, {}, encrypted with {}, in {:.2} s",
        v.path,
        v.lines,
        v.runs,
        mib(v.bytes),
        if v.own_passphrase {
            "its own passphrase"
        } else {
            "the store's key"
        },
        v.elapsed_ms as f64 / 1000.0
    );
}

pub fn backup(
    db: &Path,
    key: &KeySource,
    out: &Path,
    passphrase_file: Option<&Path>,
) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let view = cl.backup(out, backup_passphrase(passphrase_file)?.as_deref())?;
    say("backed up to", &view);
    Ok(())
}

pub fn restore(
    db: &Path,
    key: &KeySource,
    file: &Path,
    passphrase_file: Option<&Path>,
) -> Result<(), ApiError> {
    if crate::lens::audit_mode() {
        return Err(cloudlens_api::audit_mode_error());
    }
    let view = cloudlens_api::restore_file(
        db,
        key,
        file,
        backup_passphrase(passphrase_file)?.as_deref(),
    )?;
    say("restored", &view);
    // Opening it upgrades a backup from an older build, with its own backup first.
    crate::lens::open(db, key)?;
    Ok(())
}

pub fn check(db: &Path, key: &KeySource, json: bool) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let view: CheckView = cl.check()?;
    if json {
        let text = serde_json::to_string_pretty(&view)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        outln!("{text}");
    } else {
        for c in &view.checks {
            if c.problems.is_empty() {
                outln!("ok      {}", c.name);
            } else {
                outln!("BROKEN  {}", c.name);
                for p in &c.problems {
                    outln!("        {p}");
                }
            }
        }
        outln!(
            "{} in {:.2} s",
            if view.ok {
                "the store is sound"
            } else {
                "the store has problems"
            },
            view.elapsed_ms as f64 / 1000.0
        );
    }
    if view.ok {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Storage,
            "the store check found problems (listed above)",
        ))
    }
}

/// The update key this build was released with (the release script sets
/// it when it builds the CLI); none in a development build.
const UPDATE_KEY: Option<&str> = option_env!("CLOUDLENS_UPDATE_PUBKEY");

/// The key updates are verified with: the released build's own, which
/// nothing at run time replaces; a development build (which has none)
/// takes one from `CLOUDLENS_UPDATE_PUBKEY`, to check packages signed with
/// a key made for a test.
fn update_key() -> String {
    match UPDATE_KEY {
        Some(key) => key.to_string(),
        None => std::env::var("CLOUDLENS_UPDATE_PUBKEY").unwrap_or_default(),
    }
}

/// The installed CloudLens package's version, which an update must exceed;
/// this CLI's own when CloudLens is not installed from a package.
fn installed_version() -> String {
    let queries: [&[&str]; 2] = [
        &["dpkg-query", "-W", "-f=${Version}", cloudlens_update_name()],
        &["rpm", "-q", "--qf", "%{VERSION}", cloudlens_update_name()],
    ];
    for q in queries {
        if let Ok(out) = Command::new(q[0]).args(&q[1..]).output() {
            let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !v.is_empty() {
                return v;
            }
        }
    }
    crate::args::VERSION.to_string()
}

fn cloudlens_update_name() -> &'static str {
    cloudlens_api::PACKAGE_NAME
}

fn staging() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("cloudlens/updates")
}

pub fn update(file: &Path, sig: &Path, verify_only: bool) -> Result<(), ApiError> {
    let cfg = UpdateConfig {
        version: installed_version(),
        key: update_key(),
        staging: staging(),
        ..UpdateConfig::default()
    };
    if verify_only {
        let v = cloudlens_api::verify_update_file(&cfg, file, sig)?;
        outln!(
            "verified: {} is CloudLens {} ({}), signed with the update key; the installed version is {}",
            file.display(),
            v.version,
            v.kind,
            cfg.version
        );
        return Ok(());
    }
    let done = match cloudlens_api::update_from_file(
        &cfg,
        &file.display().to_string(),
        &sig.display().to_string(),
    ) {
        Ok(done) => done,
        // Verified, but this user may not install: say what to run.
        Err(e) if e.code == ErrorCode::NeedsPrivileges => {
            outln!("{}", e.message);
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    outln!(
        "installed CloudLens {} ({}); restart CloudLens to use it",
        done.version,
        done.command
    );
    Ok(())
}
