//! View models of provider connections and sync: the contract between the
//! sync engine and the UI. No view ever holds a secret.

use serde::{Deserialize, Serialize};
use specta::Type;

/// What the user sees about a connection, from a closed list, each with
/// what to check (`ConnectionView::advice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    /// Added, never synced or tested.
    NotSynced,
    /// The credential is missing from the keychain / sealed store.
    NotConfigured,
    CredentialsRejected,
    PermissionMissing,
    ProviderUnreachable,
    /// The last run finished with some windows failed; older data is kept.
    PartialData,
    Syncing,
    UpToDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConnectionView {
    pub name: String,
    /// `alibaba`, `tencent`, `huawei`.
    pub provider: String,
    pub key_id: String,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub site: String,
    pub status: ConnectionStatus,
    /// What the user should check for this status, one sentence.
    pub advice: String,
    /// RFC 3339 of the last fully successful sync.
    pub last_success: Option<String>,
    /// The last error, kept apart from the last success.
    pub last_error: Option<SyncErrorView>,
    pub billing_account: Option<String>,
    pub lines: u64,
    pub resources: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncErrorView {
    /// RFC 3339.
    pub at: String,
    pub status: ConnectionStatus,
    /// The provider's code and message; never a secret.
    pub message: String,
    pub request_id: Option<String>,
}

/// Adding a connection. The secret crosses once, into the keychain (or the
/// sealed store in passphrase mode), and is never returned nor printed.
#[derive(Clone, PartialEq, Eq, Deserialize, Type)]
pub struct AddConnectionRequest {
    pub name: String,
    pub provider: String,
    pub key_id: String,
    pub secret: String,
    pub endpoint: Option<String>,
    pub region: Option<String>,
    /// `china` or `international` (AWS: the China regions or the global
    /// partition, which is its default).
    pub site: Option<String>,
    /// `api` (the default) or `bucket`: bills from the provider's bill API,
    /// or from its bill export delivered to a bucket (AWS Data Exports in S3).
    pub source: Option<String>,
    /// The bucket route's bucket and key prefix.
    pub bucket: Option<String>,
    pub prefix: Option<String>,
    /// AWS: a role to assume with the key (`arn:aws:iam::123456789012:role/NAME`).
    pub role_arn: Option<String>,
    /// Google Cloud: the billing export table, `PROJECT.DATASET.TABLE`
    /// (the secret is the service account's key file; its client email is
    /// the key id).
    pub billing_table: Option<String>,
    /// Google Cloud: the projects to read; the key's own project's
    /// inventory and every project's bills when none.
    pub projects: Option<Vec<String>>,
}

impl AddConnectionRequest {
    /// A connection to the provider's bill API with its default endpoint,
    /// region and site; set the optional fields over it.
    pub fn new(name: &str, provider: &str, key_id: &str, secret: &str) -> Self {
        Self {
            name: name.into(),
            provider: provider.into(),
            key_id: key_id.into(),
            secret: secret.into(),
            endpoint: None,
            region: None,
            site: None,
            source: None,
            bucket: None,
            prefix: None,
            role_arn: None,
            billing_table: None,
            projects: None,
        }
    }
}

impl std::fmt::Debug for AddConnectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AddConnectionRequest")
            .field("name", &self.name)
            .field("provider", &self.provider)
            .field("key_id", &self.key_id)
            .field("secret", &"(withheld)")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("site", &self.site)
            .field("source", &self.source)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("role_arn", &self.role_arn)
            .field("billing_table", &self.billing_table)
            .field("projects", &self.projects)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConnectionTestView {
    pub ok: bool,
    pub status: ConnectionStatus,
    pub billing_account: Option<String>,
    pub account_name: Option<String>,
    pub message: String,
}

/// The read-only permissions a provider needs, shown on the add form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PolicyGuideView {
    pub provider: String,
    pub managed_policies: Vec<String>,
    pub custom_policy: String,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct SyncRequest {
    /// One connection, or every connection.
    pub connection: Option<String>,
    /// `YYYY-MM`; default: three months back.
    pub from: Option<String>,
    /// `YYYY-MM` inclusive; default: the current month.
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncProgressView {
    pub connection: String,
    pub windows_done: u32,
    pub windows_total: u32,
    pub requests: u64,
    pub retries: u64,
    pub lines: u64,
    pub resources: u64,
    /// What it is doing now, e.g. `bills 2025-03-07` or `inventory cn-hangzhou`.
    pub stage: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncEvent {
    Progress(SyncProgressView),
    Finished(SyncRunView),
    Failed(SyncRunView),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncRunView {
    pub id: i64,
    pub connection: String,
    /// RFC 3339.
    pub started_at: String,
    pub finished_at: Option<String>,
    /// `running`, `succeeded`, `partial`, `failed`, `cancelled`, `interrupted`.
    pub outcome: String,
    pub windows_done: u32,
    pub windows_skipped: u32,
    pub windows_failed: u32,
    pub requests: u64,
    pub retries: u64,
    pub lines: u64,
    pub resources: u64,
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ScheduleView {
    /// Hours between automatic syncs while the app is open; `None` = off.
    pub every_hours: Option<u32>,
}
