//! Opening what `--db` names: a store, read-write or (with `--audit`)
//! read-only, or an audit pack, which `--audit` verifies and opens into its
//! own temporary read-only store.

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::sync::OnceLock;

use cloudlens_api::{
    is_audit_pack, is_encrypted_audit_pack, open_audit_pack, Actor, ApiError, CloudLens, KeySource,
    PackFiles,
};

use crate::audit_cmd::pack_passphrase;
use crate::commands::now;

static AUDIT_MODE: OnceLock<bool> = OnceLock::new();

/// The global `--audit` flag, set once when the command line is read.
pub fn set_audit_mode(on: bool) {
    let _ = AUDIT_MODE.set(on);
}

pub fn audit_mode() -> bool {
    AUDIT_MODE.get().copied().unwrap_or(false)
}

/// The account that runs the command, from the system's user database
/// (`$USER` is often unset under cron or a service); the environment only
/// if the database has no name for it.
fn os_user() -> String {
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

/// Who the audit log names for this command's changes, and the clock.
pub fn actor() -> Actor {
    Actor {
        os_user: os_user(),
        clock: now,
    }
}

/// An open store; for a pack, with its extracted files (dropped after it).
pub struct Lens {
    lens: CloudLens,
    _pack: Option<PackFiles>,
}

impl Deref for Lens {
    type Target = CloudLens;
    fn deref(&self) -> &CloudLens {
        &self.lens
    }
}

impl DerefMut for Lens {
    fn deref_mut(&mut self) -> &mut CloudLens {
        &mut self.lens
    }
}

pub fn open(db: &Path, key: &KeySource) -> Result<Lens, ApiError> {
    if !audit_mode() {
        return Ok(Lens {
            lens: CloudLens::open(db, key, actor())?,
            _pack: None,
        });
    }
    if !is_audit_pack(db) {
        return Ok(Lens {
            lens: CloudLens::open_audit(db, key, actor())?,
            _pack: None,
        });
    }
    let passphrase = if is_encrypted_audit_pack(db) {
        Some(pack_passphrase()?)
    } else {
        None
    };
    let opened = open_audit_pack(db, None, passphrase.as_deref().map(|p| p.as_str()), actor())?;
    errln!(
        "audit pack verified, signed by {}; opened read-only",
        opened.check.signer.as_deref().unwrap_or("?")
    );
    Ok(Lens {
        lens: opened.lens,
        _pack: Some(opened.files),
    })
}
