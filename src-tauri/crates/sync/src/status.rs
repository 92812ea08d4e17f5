//! The closed list of connection statuses the user sees, each with what to
//! check, and how a provider error maps onto it.

use cloudlens_providers::{ErrorKind, ProviderError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotSynced,
    NotConfigured,
    CredentialsRejected,
    PermissionMissing,
    ProviderUnreachable,
    PartialData,
    Syncing,
    UpToDate,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::NotSynced,
        Status::NotConfigured,
        Status::CredentialsRejected,
        Status::PermissionMissing,
        Status::ProviderUnreachable,
        Status::PartialData,
        Status::Syncing,
        Status::UpToDate,
    ];

    /// The word kept in the store and sent to the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotSynced => "not_synced",
            Status::NotConfigured => "not_configured",
            Status::CredentialsRejected => "credentials_rejected",
            Status::PermissionMissing => "permission_missing",
            Status::ProviderUnreachable => "provider_unreachable",
            Status::PartialData => "partial_data",
            Status::Syncing => "syncing",
            Status::UpToDate => "up_to_date",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What the user should check, one sentence per status.
pub fn advice(s: Status) -> &'static str {
    match s {
        Status::NotSynced => "Run a sync to fetch bills and inventory.",
        Status::NotConfigured => {
            "The access key secret is missing from the keychain; remove the connection and add it again."
        }
        Status::CredentialsRejected => {
            "Check that the access key id and secret are correct, active and not expired."
        }
        Status::PermissionMissing => {
            "Grant the key the read-only billing, inventory and monitoring policies shown for this provider."
        }
        Status::ProviderUnreachable => {
            "Check the network, proxy or endpoint setting; the provider did not answer or kept failing."
        }
        Status::PartialData => {
            "Some periods failed to sync; earlier data is kept. Sync again, and check the last error."
        }
        Status::Syncing => "A sync is running.",
        Status::UpToDate => "Bills and inventory are current.",
    }
}

/// The status a failed call leaves the connection in.
pub fn status_of_error(e: &ProviderError) -> Status {
    match e.kind {
        ErrorKind::CredentialsRejected => Status::CredentialsRejected,
        ErrorKind::PermissionMissing | ErrorKind::NotAllowed => Status::PermissionMissing,
        ErrorKind::Throttled
        | ErrorKind::ServerError
        | ErrorKind::Timeout
        | ErrorKind::Unreachable
        | ErrorKind::BadResponse
        | ErrorKind::InvalidRequest => Status::ProviderUnreachable,
    }
}

/// The provider's code and message with its request id; never a secret
/// (provider errors carry none by contract).
pub fn error_text(e: &ProviderError) -> String {
    match &e.code {
        Some(code) => format!("{code}: {}", e.message),
        None => e.message.clone(),
    }
}
