//! An update, from the network or from removable media, is installed only
//! once all of this holds: its signature verifies with CloudLens's update
//! key (so nothing in it changed since it was signed); it is a package of
//! CloudLens; its version is newer than the running one; and, where the
//! signer recorded a version, it is the package's own.

use std::path::{Path, PathBuf};

use semver::Version;

use crate::package::{inspect, PackageInfo};
use crate::signature::verify;
use crate::{UpdateError, UpdateKey};

/// The name CloudLens's packages carry (`Package:` of the `.deb`, the
/// `.rpm`'s name).
pub const PACKAGE_NAME: &str = "cloud-lens";

/// What the running app is.
pub struct Running<'a> {
    pub package: &'a str,
    pub version: &'a str,
}

/// A package that passed every check.
#[derive(Debug, Clone)]
pub struct Verified {
    pub path: PathBuf,
    pub package: PackageInfo,
}

/// Checks the package `bytes` (read from `path`) against its signature
/// text `sig` (read from `sig_path`).
pub fn verify_package(
    bytes: &[u8],
    path: &Path,
    sig: &str,
    sig_path: &Path,
    key: &UpdateKey,
    running: &Running<'_>,
) -> Result<Verified, UpdateError> {
    let signed = verify(bytes, path, sig, sig_path, key)?;
    let package = inspect(bytes, path)?;
    if package.name != running.package {
        return Err(UpdateError::OtherProduct {
            path: path.to_path_buf(),
            found: package.name,
            expected: running.package.to_string(),
        });
    }
    let found = parse_version(&package.version, path)?;
    if let Some(signed_for) = signed.version() {
        if parse_version(signed_for, path).ok().as_ref() != Some(&found) {
            return Err(UpdateError::SignedForAnotherVersion {
                path: path.to_path_buf(),
                signed: signed_for.to_string(),
                found: package.version,
            });
        }
    }
    let current = parse_version(running.version, path)?;
    if found < current {
        return Err(UpdateError::Older {
            path: path.to_path_buf(),
            found: package.version,
            current: running.version.to_string(),
        });
    }
    if found == current {
        return Err(UpdateError::SameVersion {
            path: path.to_path_buf(),
            version: package.version,
        });
    }
    Ok(Verified {
        path: path.to_path_buf(),
        package,
    })
}

/// [`verify_package`] on files (a package and its `.sig`, e.g. from a USB
/// stick). Returns the bytes that were verified, so what is installed is
/// exactly what was checked.
pub fn verify_files(
    path: &Path,
    sig_path: &Path,
    key: &UpdateKey,
    running: &Running<'_>,
) -> Result<(Verified, Vec<u8>), UpdateError> {
    let bytes = std::fs::read(path).map_err(|e| UpdateError::io(path, e))?;
    let sig = std::fs::read(sig_path).map_err(|e| UpdateError::io(sig_path, e))?;
    // A signature is text; anything else (the package itself, by mistake)
    // is refused as a signature, not as a read error.
    let sig = String::from_utf8(sig).map_err(|_| UpdateError::BadSignature {
        path: sig_path.to_path_buf(),
        reason: "it is not a signature file (not text)".into(),
    })?;
    let verified = verify_package(&bytes, path, &sig, sig_path, key, running)?;
    Ok((verified, bytes))
}

fn parse_version(text: &str, path: &Path) -> Result<Version, UpdateError> {
    Version::parse(text.trim().trim_start_matches('v')).map_err(|e| UpdateError::NotAPackage {
        path: path.to_path_buf(),
        reason: format!("its version `{text}` is not a CloudLens version ({e})"),
    })
}
