//! Updates as the api serves them: the user's choice about online checks
//! (kept in the store's settings; off until the user turns it on, asked
//! once), and installing a verified package, from a file or as the shell
//! downloaded it. Verification and installing are `cloudlens-update`'s.

use std::path::{Path, PathBuf};

use cloudlens_update::{
    install, verify_files, verify_package, InstallContext, Running, UpdateError, UpdateKey,
    PACKAGE_NAME,
};

use crate::{
    ApiError, CloudLens, ErrorCode, UpdateChecks, UpdateInstalledView, UpdateSettingsView,
};

/// What the shell (or the CLI) knows about the running build.
#[derive(Debug, Clone)]
pub struct UpdateConfig {
    /// The running version.
    pub version: String,
    /// The update public key built into this build (a placeholder in
    /// development builds).
    pub key: String,
    /// The release's update endpoint (`latest.json`).
    pub default_endpoint: String,
    /// Where verified packages are written before installing.
    pub staging: PathBuf,
    /// The desktop app may show the system's password prompt (pkexec).
    pub may_prompt: bool,
    /// In audit mode the app never asks and never checks online.
    pub audit_mode: bool,
    /// Install into this directory instead of the system (`dpkg --root`).
    pub install_root: Option<PathBuf>,
}

impl Default for UpdateConfig {
    /// A development build: no update key, no endpoint.
    fn default() -> Self {
        UpdateConfig {
            version: "0.0.0".into(),
            key: cloudlens_update::PLACEHOLDER.into(),
            default_endpoint: String::new(),
            staging: PathBuf::from("cloudlens-updates"),
            may_prompt: false,
            audit_mode: false,
            install_root: None,
        }
    }
}

const CHECKS: &str = "updates.check";
const ENDPOINT: &str = "updates.endpoint";

impl From<UpdateError> for ApiError {
    fn from(e: UpdateError) -> Self {
        let code = match e {
            UpdateError::NeedsPrivileges { .. } => ErrorCode::NeedsPrivileges,
            UpdateError::InstallFailed { .. } | UpdateError::Io { .. } => {
                ErrorCode::UpdateNotInstalled
            }
            _ => ErrorCode::UpdateRefused,
        };
        ApiError::new(code, e.to_string())
    }
}

impl CloudLens {
    pub fn update_settings(&self, cfg: &UpdateConfig) -> Result<UpdateSettingsView, ApiError> {
        let reader = self.reader()?;
        let settings = reader.settings();
        let checks = match settings.get(CHECKS)?.as_deref() {
            Some("on") if !cfg.audit_mode => UpdateChecks::On,
            Some(_) => UpdateChecks::Off,
            None if cfg.audit_mode => UpdateChecks::Off,
            None => UpdateChecks::Unasked,
        };
        let endpoint = settings
            .get(ENDPOINT)?
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| cfg.default_endpoint.clone());
        Ok(UpdateSettingsView {
            checks,
            ask: checks == UpdateChecks::Unasked,
            endpoint,
            default_endpoint: cfg.default_endpoint.clone(),
            version: cfg.version.clone(),
            can_verify: UpdateKey::parse(&cfg.key).is_ok(),
        })
    }

    pub fn set_update_checks(
        &self,
        cfg: &UpdateConfig,
        enabled: bool,
        endpoint: &str,
    ) -> Result<UpdateSettingsView, ApiError> {
        let endpoint = endpoint.trim();
        check_endpoint(endpoint)?;
        if enabled && cfg.audit_mode {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "online update checks stay off in audit mode",
            ));
        }
        self.set_setting(CHECKS, Some(if enabled { "on" } else { "off" }))?;
        self.set_setting(ENDPOINT, Some(endpoint).filter(|e| !e.is_empty()))?;
        self.update_settings(cfg)
    }
}

/// An endpoint is `https://…`, or `http://` on this machine only (a local
/// mirror, tests). Signatures protect the package either way; https keeps
/// what is asked private.
pub fn check_endpoint(endpoint: &str) -> Result<(), ApiError> {
    if endpoint.is_empty() {
        return Ok(());
    }
    let bad = |why: &str| {
        ApiError::new(
            ErrorCode::InvalidInput,
            format!("update endpoint `{endpoint}`: {why}"),
        )
    };
    if let Some(rest) = endpoint.strip_prefix("https://") {
        return match rest.split('/').next() {
            Some(host) if !host.is_empty() => Ok(()),
            _ => Err(bad("it names no host")),
        };
    }
    let Some(rest) = endpoint.strip_prefix("http://") else {
        return Err(bad("expected an https:// address"));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    let loopback = host == "localhost"
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        Ok(())
    } else {
        Err(bad(
            "expected https:// (plain http only on this machine: 127.0.0.1 or localhost)",
        ))
    }
}

fn running(cfg: &UpdateConfig) -> Running<'_> {
    Running {
        package: PACKAGE_NAME,
        version: &cfg.version,
    }
}

fn installed(
    cfg: &UpdateConfig,
    verified: &cloudlens_update::Verified,
    bytes: &[u8],
) -> Result<UpdateInstalledView, ApiError> {
    let ctx = InstallContext::detect(
        cfg.may_prompt,
        cfg.staging.clone(),
        cfg.install_root.clone(),
    );
    let done = install(verified, bytes, &ctx)?;
    Ok(UpdateInstalledView {
        version: done.version,
        command: done.command,
    })
}

/// What a verified package is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedUpdate {
    pub version: String,
    /// `deb` or `rpm`.
    pub kind: &'static str,
}

/// Verifies `package` against `signature` and installs nothing.
pub fn verify_update_file(
    cfg: &UpdateConfig,
    package: &Path,
    signature: &Path,
) -> Result<VerifiedUpdate, ApiError> {
    let key = UpdateKey::parse(&cfg.key)?;
    let (verified, _) = verify_files(package, signature, &key, &running(cfg))?;
    Ok(VerifiedUpdate {
        version: verified.package.version,
        kind: verified.package.kind.as_str(),
    })
}

/// Verifies `package` against `signature` (files, e.g. on a USB stick) and
/// installs it.
pub fn update_from_file(
    cfg: &UpdateConfig,
    package: &str,
    signature: &str,
) -> Result<UpdateInstalledView, ApiError> {
    let key = UpdateKey::parse(&cfg.key)?;
    let (verified, bytes) = verify_files(
        Path::new(package),
        Path::new(signature),
        &key,
        &running(cfg),
    )?;
    installed(cfg, &verified, &bytes)
}

/// Installs a package the shell downloaded (tauri-plugin-updater has
/// checked its signature; it is checked again here, with its name and
/// version, exactly as a file would be).
pub fn install_downloaded(
    cfg: &UpdateConfig,
    bytes: &[u8],
    url: &str,
    signature: &str,
) -> Result<UpdateInstalledView, ApiError> {
    let key = UpdateKey::parse(&cfg.key)?;
    let from = Path::new(url);
    let verified = verify_package(bytes, from, signature, from, &key, &running(cfg))?;
    installed(cfg, &verified, bytes)
}
