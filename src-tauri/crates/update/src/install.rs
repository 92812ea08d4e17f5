//! Installing a verified package with the system's package manager:
//! `dpkg -i` or `rpm -U`, directly when running as root, through `pkexec`
//! (the desktop's password prompt) when the app may ask for rights, and
//! otherwise not at all: the error gives the command to run.
//!
//! The bytes installed are the bytes verified: they are written to a new
//! private file, never re-read from the removable media.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::package::PackageKind;
use crate::{UpdateError, Verified};

/// What this machine offers for installing; [`InstallContext::detect`]
/// reads it from the system (the caller's job, not the checks').
#[derive(Debug, Clone)]
pub struct InstallContext {
    /// Running as root: the package manager can be run directly.
    pub root: bool,
    /// `pkexec`, when the caller may show the desktop's password prompt.
    pub pkexec: Option<PathBuf>,
    /// `dpkg` (Debian, Ubuntu) or `rpm` (Fedora, openSUSE...).
    pub system: Option<PackageKind>,
    /// Where the verified bytes are written before installing.
    pub staging: PathBuf,
    /// Install under this directory (a `.deb` with its own dpkg database,
    /// `dpkg --root`) rather than the system: a relocated install, and how
    /// the end-to-end tests install without touching the machine.
    pub install_root: Option<PathBuf>,
}

impl InstallContext {
    /// The running system's context; `may_prompt` is true for the desktop
    /// app (pkexec can show a prompt), false for the CLI.
    // Finding the package manager is reading the system: only the shells
    // call this, just before installing.
    #[allow(clippy::disallowed_methods)]
    pub fn detect(
        may_prompt: bool,
        staging: PathBuf,
        install_root: Option<PathBuf>,
    ) -> InstallContext {
        let on_path = |name: &str| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        };
        let system = if on_path("dpkg").is_some() {
            Some(PackageKind::Deb)
        } else if on_path("rpm").is_some() {
            Some(PackageKind::Rpm)
        } else {
            None
        };
        InstallContext {
            root: is_root(),
            pkexec: if may_prompt { on_path("pkexec") } else { None },
            system,
            staging,
            install_root,
        }
    }
}

/// Root, as `/proc/self/status` says (effective uid 0).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().nth(1).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

/// The package manager's command for a package file.
fn manager(kind: PackageKind, file: &Path, install_root: Option<&Path>) -> Vec<String> {
    let file = file.display().to_string();
    match (kind, install_root) {
        (PackageKind::Deb, None) => vec!["dpkg".into(), "-i".into(), file],
        (PackageKind::Deb, Some(root)) => vec![
            "dpkg".into(),
            format!("--root={}", root.display()),
            // A root of its own holds no dependencies and runs no scripts.
            "--force-not-root".into(),
            "--force-depends".into(),
            "--force-script-chrootless".into(),
            "--log=/dev/null".into(),
            "-i".into(),
            file,
        ],
        (PackageKind::Rpm, None) => vec!["rpm".into(), "-U".into(), file],
        (PackageKind::Rpm, Some(root)) => vec![
            "rpm".into(),
            format!("--root={}", root.display()),
            "--nodeps".into(),
            "-U".into(),
            file,
        ],
    }
}

fn shell_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if w.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=".contains(c))
            {
                w.clone()
            } else {
                format!("'{}'", w.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What installing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub version: String,
    pub command: String,
}

/// Installs `verified` (whose checked bytes are `bytes`).
pub fn install(
    verified: &Verified,
    bytes: &[u8],
    ctx: &InstallContext,
) -> Result<Installed, UpdateError> {
    let kind = verified.package.kind;
    match ctx.system {
        Some(system) if system == kind => {}
        other => {
            return Err(UpdateError::WrongPackageKind {
                path: verified.path.clone(),
                kind: kind.as_str(),
                system: other.map_or_else(
                    || "neither dpkg nor rpm".to_string(),
                    |s| s.as_str().to_string(),
                ),
            })
        }
    }
    std::fs::create_dir_all(&ctx.staging).map_err(|e| UpdateError::io(&ctx.staging, e))?;
    let file = ctx.staging.join(format!(
        "{}_{}.{}",
        verified.package.name,
        verified.package.version,
        kind.as_str()
    ));
    std::fs::write(&file, bytes).map_err(|e| UpdateError::io(&file, e))?;
    let mut words = manager(kind, &file, ctx.install_root.as_deref());
    // A root of the user's own needs no rights.
    if !ctx.root && ctx.install_root.is_none() {
        match &ctx.pkexec {
            Some(pkexec) => words.insert(0, pkexec.display().to_string()),
            None => {
                words.insert(0, "sudo".into());
                return Err(UpdateError::NeedsPrivileges {
                    command: shell_words(&words),
                });
            }
        }
    }
    let command = shell_words(&words);
    let out = Command::new(&words[0])
        .args(&words[1..])
        .output()
        .map_err(|e| UpdateError::InstallFailed {
            command: command.clone(),
            status: "could not start".into(),
            output: e.to_string(),
        })?;
    let _ = std::fs::remove_file(&file);
    if !out.status.success() {
        let mut output = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if output.is_empty() {
            output = String::from_utf8_lossy(&out.stdout).trim().to_string();
        }
        return Err(UpdateError::InstallFailed {
            command,
            status: out.status.to_string(),
            output,
        });
    }
    Ok(Installed {
        version: verified.package.version.clone(),
        command,
    })
}
