use std::path::PathBuf;

use cloudlens_ingest::ExportError;
use cloudlens_store::StoreError;

/// Why a pack could not be built, read or opened. A pack that was read but
/// does not verify is not an error: see [`crate::PackReport::problem`].
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Export(#[from] ExportError),
    #[error("could not read or write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    InvalidInput(String),
    /// The pack cannot be opened because it does not verify.
    #[error("the audit pack does not verify: {0}")]
    NotVerified(String),
    #[error("the pack's lines could not be imported: {0}")]
    Import(String),
}

pub(crate) fn io_at(path: &std::path::Path) -> impl Fn(std::io::Error) -> PackError + '_ {
    move |source| PackError::Io {
        path: path.to_path_buf(),
        source,
    }
}
