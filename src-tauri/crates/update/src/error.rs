use std::path::PathBuf;

/// Why an update was refused or could not be installed. Each message says
/// what was found and what to do; none contains key material.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("this build of CloudLens carries no update key (a development build), so it cannot verify updates; install a released build")]
    NoKey,
    #[error("the update key built into CloudLens is not a valid minisign public key ({0})")]
    BadKey(String),
    #[error("{path} is not an update signature: {reason}")]
    BadSignature { path: PathBuf, reason: String },
    #[error("{path} was signed with another key (key id {found}), not CloudLens's update key (key id {expected}): refused")]
    OtherKey {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path} does not match its signature {signature}: the file was changed after it was signed, or the signature belongs to another file; refused")]
    Tampered { path: PathBuf, signature: PathBuf },
    #[error("{path} is not a CloudLens package: {reason}")]
    NotAPackage { path: PathBuf, reason: String },
    #[error("{path} is a package of `{found}`, not of CloudLens (`{expected}`): refused")]
    OtherProduct {
        path: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{path} holds CloudLens {found}, which is older than the running {current}: refused (an update never goes back to an older version)")]
    Older {
        path: PathBuf,
        found: String,
        current: String,
    },
    #[error("{path} holds CloudLens {version}, the version already running: nothing to do")]
    SameVersion { path: PathBuf, version: String },
    #[error("{path}: its signature was made for version {signed}, but the package holds {found}: refused")]
    SignedForAnotherVersion {
        path: PathBuf,
        signed: String,
        found: String,
    },
    #[error("{path} is a {kind} package, but this system installs packages with {system}")]
    WrongPackageKind {
        path: PathBuf,
        kind: &'static str,
        system: String,
    },
    #[error("installing needs administrator rights; the package is verified: run `{command}`")]
    NeedsPrivileges { command: String },
    #[error("the installer failed ({command}, {status}): {output}")]
    InstallFailed {
        command: String,
        status: String,
        output: String,
    },
    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl UpdateError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        UpdateError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
