//! Connections and sync over an open store: shared by the session (app) and
//! the CLI. Views never carry a secret; the secret goes from the request
//! into the keychain (or the sealed store) and comes back out only to sign
//! requests inside the sync engine.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::DateTime;
use cloudlens_providers::{Client, ProviderKind};
use cloudlens_store::{
    AuditAction, AuditRecord, ConnectionError, ConnectionRecord, ConnectionRoute, ConnectionUpdate,
    KeySource, NewConnection, SecretHome, Store, SyncRecords, SyncRunRecord,
};
use cloudlens_sync::{advice, status_of_error, Progress, Status, SyncOptions};
use zeroize::Zeroizing;

use crate::{
    AddConnectionRequest, ApiError, CloudLens, ConnectionStatus, ConnectionTestView,
    ConnectionView, ErrorCode, PolicyGuideView, SyncErrorView, SyncProgressView, SyncRequest,
    SyncRunView,
};

/// A connection as the audit log describes it: never its secret.
fn connection_summary(
    provider: &str,
    key_id: &str,
    region: &Option<String>,
    endpoint: &Option<String>,
) -> String {
    let mut out = format!("{provider}, key id {key_id}");
    if let Some(r) = region {
        out.push_str(&format!(", region {r}"));
    }
    if let Some(e) = endpoint {
        out.push_str(&format!(", endpoint {e}"));
    }
    out
}

/// Where secrets go for a store opened with `key`: the keychain it came
/// from, or sealed inside the store in passphrase mode.
pub fn secret_home(key: &KeySource) -> SecretHome {
    match key {
        KeySource::Keychain(kc) => SecretHome::Keychain(kc.clone()),
        KeySource::Passphrase(_) => SecretHome::Sealed,
    }
}

fn rfc3339(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.to_rfc3339())
        .unwrap_or_default()
}

pub(crate) fn status_view(s: Status) -> ConnectionStatus {
    match s {
        Status::NotSynced => ConnectionStatus::NotSynced,
        Status::NotConfigured => ConnectionStatus::NotConfigured,
        Status::CredentialsRejected => ConnectionStatus::CredentialsRejected,
        Status::PermissionMissing => ConnectionStatus::PermissionMissing,
        Status::ProviderUnreachable => ConnectionStatus::ProviderUnreachable,
        Status::PartialData => ConnectionStatus::PartialData,
        Status::Syncing => ConnectionStatus::Syncing,
        Status::UpToDate => ConnectionStatus::UpToDate,
    }
}

fn status_word(s: &str) -> Status {
    Status::parse(s).unwrap_or(Status::NotSynced)
}

pub(crate) fn run_view(r: &SyncRunRecord) -> SyncRunView {
    SyncRunView {
        id: r.id,
        connection: r.connection.clone(),
        started_at: rfc3339(r.started_at),
        finished_at: r.finished_at.map(rfc3339),
        outcome: r.outcome.clone(),
        windows_done: r.windows_done,
        windows_skipped: r.windows_skipped,
        windows_failed: r.windows_failed,
        requests: r.requests,
        retries: r.retries,
        lines: r.lines,
        resources: r.resources,
        message: r.message.clone(),
    }
}

pub(crate) fn progress_view(p: &Progress) -> SyncProgressView {
    SyncProgressView {
        connection: p.connection.clone(),
        windows_done: p.windows_done,
        windows_total: p.windows_total,
        requests: p.requests,
        retries: p.retries,
        lines: p.lines,
        resources: p.resources,
        stage: p.stage.clone(),
    }
}

fn invalid(m: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, m)
}

pub fn policy_guide(provider: &str) -> Result<PolicyGuideView, ApiError> {
    let kind = ProviderKind::parse(provider).ok_or_else(|| {
        invalid(format!(
            "unknown provider '{provider}' (expected alibaba, tencent, huawei, aws, azure or gcp)"
        ))
    })?;
    let g = Client::policy_guide(kind);
    Ok(PolicyGuideView {
        provider: kind.as_str().into(),
        managed_policies: g.managed_policies,
        custom_policy: g.custom_policy,
        actions: g.actions,
    })
}

/// The site, the key id and the route of a request, checked.
fn validate(req: &AddConnectionRequest) -> Result<(String, String, ConnectionRoute), ApiError> {
    let name_ok = !req.name.is_empty()
        && req.name.len() <= 64
        && req
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !name_ok {
        return Err(invalid(format!(
            "connection name '{}' must be 1-64 letters, digits, '-', '_' or '.'",
            req.name
        )));
    }
    if ProviderKind::parse(&req.provider).is_none() {
        return Err(invalid(format!(
            "unknown provider '{}' (expected alibaba, tencent, huawei, aws, azure or gcp)",
            req.provider
        )));
    }
    let azure = req.provider == ProviderKind::Azure.as_str();
    if azure {
        azure_identity(&req.key_id)?;
    }
    if req.secret.is_empty() {
        return Err(invalid("the access key secret is empty"));
    }
    let gcp = req.provider == ProviderKind::Gcp.as_str();
    if !gcp && (req.billing_table.is_some() || req.projects.is_some()) {
        return Err(invalid(
            "a billing table and projects are read only for gcp connections",
        ));
    }
    if req.key_id.trim().is_empty() && !gcp {
        return Err(invalid("the access key id is empty"));
    }
    if let Some(e) = &req.endpoint {
        if !(e.starts_with("http://") || e.starts_with("https://")) {
            return Err(invalid(format!(
                "endpoint '{e}' must be a URL starting with http:// or https://"
            )));
        }
    }
    if gcp {
        let (key_id, route) = super::gcp::validate(req)?;
        return Ok(("international".into(), key_id, route));
    }
    let aws = req.provider == ProviderKind::Aws.as_str();
    let default_site = if aws || azure {
        "international"
    } else {
        "china"
    };
    let site = match req.site.as_deref().unwrap_or(default_site) {
        s @ ("china" | "international") => s.to_string(),
        other => {
            return Err(invalid(format!(
                "site '{other}' is not china or international"
            )))
        }
    };
    Ok((
        site,
        req.key_id.trim().to_string(),
        route_of(req, aws, azure)?,
    ))
}

/// An Azure connection's key id is `TENANT/CLIENT-ID`: the directory the
/// app registration is in, which names the token endpoint, and its id.
fn azure_identity(key_id: &str) -> Result<(), ApiError> {
    let ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
    };
    match key_id.trim().split_once('/') {
        Some((tenant, client)) if ok(tenant) && ok(client) => Ok(()),
        _ => Err(invalid(format!(
            "an Azure key id is TENANT/CLIENT-ID (the directory (tenant) id and the application (client) id), not '{key_id}'"
        ))),
    }
}

/// An Azure bucket is `STORAGE-ACCOUNT/CONTAINER`.
fn azure_container(bucket: &str) -> Result<(), ApiError> {
    let account_ok = |a: &str| {
        (3..=24).contains(&a.len())
            && a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    let container_ok = |c: &str| {
        (3..=63).contains(&c.len())
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match bucket.split_once('/') {
        Some((a, c)) if account_ok(a) && container_ok(c) => Ok(()),
        _ => Err(invalid(format!(
            "an Azure export container is STORAGE-ACCOUNT/CONTAINER (lower-case letters, digits, '-'), not '{bucket}'"
        ))),
    }
}

/// The connection's route from the request: `api` unless `bucket`, which
/// needs a bucket (AWS Data Exports in S3, Azure exports in Blob Storage;
/// the bill subscriptions of Alibaba in OSS, Tencent in COS and Huawei in
/// OBS).
fn route_of(
    req: &AddConnectionRequest,
    aws: bool,
    azure: bool,
) -> Result<ConnectionRoute, ApiError> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
    };
    let (bucket, prefix, role_arn) = (text(&req.bucket), text(&req.prefix), text(&req.role_arn));
    if role_arn.is_some() && !aws && !azure {
        return Err(invalid(
            "a role to assume (role ARN) is read only for aws connections",
        ));
    }
    if let (true, Some(scope)) = (azure, &role_arn) {
        // Azure keeps the scope it reads where AWS keeps its role.
        cloudlens_providers::azure::Scope::parse(scope).map_err(|e| invalid(e.message))?;
    }
    if let (true, Some(b)) = (azure, &bucket) {
        azure_container(b)?;
    }
    if let (true, Some(r)) = (aws, &role_arn) {
        if !r.starts_with("arn:aws") || r.split(':').count() < 6 {
            return Err(invalid(format!(
                "role ARN '{r}' must look like arn:aws:iam::123456789012:role/NAME"
            )));
        }
    }
    let source = req.source.as_deref().unwrap_or("api");
    match source {
        "api" if bucket.is_some() || prefix.is_some() => {
            return Err(invalid(
                "a bucket or prefix is read only with source 'bucket'",
            ))
        }
        "api" => {}
        "bucket"
            if !matches!(
                req.provider.as_str(),
                "aws" | "azure" | "alibaba" | "tencent" | "huawei"
            ) =>
        {
            return Err(invalid(format!(
                "the bucket route is not available for {} yet (use source 'api')",
                req.provider
            )))
        }
        "bucket" if bucket.is_none() => {
            return Err(invalid(
                "source 'bucket' needs the bucket the bill export is delivered to",
            ))
        }
        "bucket" => {}
        other => return Err(invalid(format!("source '{other}' is not api or bucket"))),
    }
    Ok(ConnectionRoute {
        source: source.to_string(),
        bucket,
        prefix,
        role_arn,
    })
}

/// A connection as the UI shows it; a missing secret reads as not configured.
fn connection_view(
    records: SyncRecords<'_>,
    c: &ConnectionRecord,
    home: &SecretHome,
) -> Result<ConnectionView, ApiError> {
    let mut status = status_word(&c.status);
    if records.connection_secret(home, &c.name)?.is_none() {
        status = Status::NotConfigured;
    }
    Ok(ConnectionView {
        name: c.name.clone(),
        provider: c.provider.clone(),
        key_id: c.key_id.clone(),
        endpoint: c.endpoint.clone(),
        region: c.region.clone(),
        site: c.site.clone(),
        status: status_view(status),
        advice: advice(status).into(),
        last_success: c.last_success.map(rfc3339),
        last_error: c.last_error.as_ref().map(|e| SyncErrorView {
            at: rfc3339(e.at),
            status: status_view(status_word(&e.status)),
            message: e.message.clone(),
            request_id: e.request_id.clone(),
        }),
        billing_account: c.billing_account.clone(),
        lines: records.connection_lines(&c.name)?,
        resources: records.inventory_count(&c.name)?,
    })
}

impl CloudLens {
    pub fn connection_views(&self, home: &SecretHome) -> Result<Vec<ConnectionView>, ApiError> {
        let reader = self.reader()?;
        let mut out = Vec::new();
        for c in reader.sync().connections()? {
            out.push(connection_view(reader.sync(), &c, home)?);
        }
        Ok(out)
    }

    pub fn add_connection(
        &self,
        home: &SecretHome,
        req: AddConnectionRequest,
        now: i64,
    ) -> Result<ConnectionView, ApiError> {
        let (site, key_id, route) = validate(&req)?;
        let new = NewConnection {
            name: req.name.clone(),
            provider: req.provider.clone(),
            key_id,
            endpoint: req.endpoint.clone(),
            region: req.region.clone(),
            site,
            created_at: now,
        };
        let secret = Zeroizing::new(req.secret);
        self.change(|store| {
            if !store.sync_mut().add_connection(&new, &secret, home)? {
                return Err(invalid(format!(
                    "a connection named '{}' exists already",
                    new.name
                )));
            }
            // Written every time: a route left by a removed connection of
            // the same name is replaced.
            store
                .sources_mut()
                .set_connection_route(&new.name, &route)?;
            let entry = AuditRecord::new(AuditAction::ConnectionAdd, &new.name).after(
                connection_summary(&new.provider, &new.key_id, &new.region, &new.endpoint),
            );
            Ok(((), Some(entry)))
        })?;
        let rec = self.connection_record(&new.name)?;
        connection_view(self.reader()?.sync(), &rec, home)
    }

    pub fn remove_connection(&self, home: &SecretHome, name: &str) -> Result<(), ApiError> {
        self.change(|store| {
            let before = store.sync().connection(name)?;
            if !store.sync_mut().remove_connection(name, home)? {
                return Err(invalid(format!("no connection named '{name}'")));
            }
            let entry = AuditRecord::new(AuditAction::ConnectionRemove, name).before(
                before
                    .map(|c| connection_summary(&c.provider, &c.key_id, &c.region, &c.endpoint))
                    .unwrap_or_default(),
            );
            Ok(((), Some(entry)))
        })
    }

    fn connection_record(&self, name: &str) -> Result<ConnectionRecord, ApiError> {
        self.reader()?
            .sync()
            .connection(name)?
            .ok_or_else(|| invalid(format!("no connection named '{name}'")))
    }

    /// The connection and its secret, for a test or a sync; a missing
    /// secret marks the connection not configured.
    pub fn connection_target(
        &self,
        home: &SecretHome,
        name: &str,
    ) -> Result<ConnectionTarget, ApiError> {
        let record = self.connection_record(name)?;
        let reader = self.reader()?;
        let secret = reader.sync().connection_secret(home, name)?;
        let route = reader.sources().connection_route(name)?;
        Ok(ConnectionTarget {
            record,
            route,
            secret,
        })
    }

    pub fn connection_names(&self) -> Result<Vec<String>, ApiError> {
        Ok(self
            .reader()?
            .sync()
            .connections()?
            .into_iter()
            .map(|c| c.name)
            .collect())
    }

    pub fn sync_history(&self, connection: Option<&str>) -> Result<Vec<SyncRunView>, ApiError> {
        Ok(self
            .reader()?
            .sync()
            .sync_runs(connection)?
            .iter()
            .map(run_view)
            .collect())
    }

    /// Records the outcome of a connection test: a failed test is the
    /// connection's last error (its last success stays as it was).
    pub fn record_test(
        &self,
        name: &str,
        view: &ConnectionTestView,
        at: i64,
    ) -> Result<(), ApiError> {
        let status = match view.status {
            ConnectionStatus::CredentialsRejected => "credentials_rejected",
            ConnectionStatus::PermissionMissing => "permission_missing",
            ConnectionStatus::ProviderUnreachable => "provider_unreachable",
            ConnectionStatus::NotConfigured => "not_configured",
            _ if view.ok => match self.connection_record(name)?.status.as_str() {
                "up_to_date" | "partial_data" => return Ok(()),
                _ => "not_synced",
            },
            _ => "provider_unreachable",
        };
        let error = (!view.ok).then(|| ConnectionError {
            at,
            status: status.into(),
            message: view.message.clone(),
            request_id: None,
        });
        self.writer()?.sync_mut().update_connection(
            name,
            &ConnectionUpdate {
                status: status.into(),
                billing_account: view.billing_account.clone(),
                success_at: None,
                error,
            },
        )?;
        Ok(())
    }
}

/// What calling a connection's provider takes: its record, its route and
/// its secret (never in `Debug`).
pub struct ConnectionTarget {
    pub record: ConnectionRecord,
    pub route: ConnectionRoute,
    pub secret: Option<Zeroizing<String>>,
}

/// Calls the provider once with the connection's key (no store lock held).
pub fn test_target(target: ConnectionTarget) -> ConnectionTestView {
    let ConnectionTarget {
        record: rec,
        route,
        secret,
    } = target;
    let rec = &rec;
    let Some(secret) = secret else {
        return ConnectionTestView {
            ok: false,
            status: ConnectionStatus::NotConfigured,
            billing_account: None,
            account_name: None,
            message: advice(Status::NotConfigured).into(),
        };
    };
    match cloudlens_sync::test_connection(rec, &route, secret, Duration::from_secs(30)) {
        Ok(info) => ConnectionTestView {
            ok: true,
            status: status_view(status_word(&rec.status)),
            billing_account: Some(info.billing_account),
            account_name: info.name,
            message: "the key works and can read the billing account".into(),
        },
        Err(e) => {
            let s = status_of_error(&e);
            ConnectionTestView {
                ok: false,
                status: status_view(s),
                billing_account: None,
                account_name: None,
                message: format!("{} {}", cloudlens_sync::error_message(&e), advice(s)),
            }
        }
    }
}

/// Syncs the requested connections one after another into `store`
/// (a connection of its own, so readers carry on); returns each run.
pub fn run_sync(
    store: &mut Store,
    home: &SecretHome,
    req: &SyncRequest,
    opts: SyncOptions,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<Vec<SyncRunView>, ApiError> {
    let names: Vec<String> = match &req.connection {
        Some(n) => vec![n.clone()],
        None => store
            .sync()
            .connections()?
            .into_iter()
            .map(|c| c.name)
            .collect(),
    };
    if names.is_empty() {
        return Err(invalid("there is no connection to sync; add one first"));
    }
    let opts = SyncOptions {
        from: req.from.clone(),
        to: req.to.clone(),
        ..opts
    };
    let mut out = Vec::new();
    for name in names {
        let rec = store
            .sync()
            .connection(&name)?
            .ok_or_else(|| invalid(format!("no connection named '{name}'")))?;
        let Some(secret) = store.sync().connection_secret(home, &name)? else {
            store.sync_mut().update_connection(
                &name,
                &ConnectionUpdate {
                    status: Status::NotConfigured.as_str().into(),
                    billing_account: None,
                    success_at: None,
                    error: None,
                },
            )?;
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("connection '{name}': {}", advice(Status::NotConfigured)),
            ));
        };
        let run = cloudlens_sync::sync_connection(store, &rec, secret, &opts, cancel, progress)
            .map_err(|e| match e {
                cloudlens_sync::SyncError::BadInput(m) => invalid(m),
                cloudlens_sync::SyncError::Store(s) => ApiError::from(s),
            })?;
        out.push(run_view(&run));
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
    }
    Ok(out)
}
