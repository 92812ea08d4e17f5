use cloudlens_store::StoreError;

/// Alert failures. Messages never contain a webhook URL or a secret.
#[derive(Debug, thiserror::Error)]
pub enum AlertError {
    #[error("{0}")]
    InvalidInput(String),
    #[error("no alert channel named {0}")]
    NoSuchChannel(String),
    #[error("an alert channel named {0} exists already")]
    ChannelExists(String),
    #[error("{0}")]
    Http(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
