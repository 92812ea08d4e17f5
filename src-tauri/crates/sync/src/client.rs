//! A provider client built from a stored connection, its route and its secret.

use std::time::Duration;

use cloudlens_providers::{
    AccountInfo, Client, ClientConfig, ConnectionExtras, Credentials, ErrorKind, ProviderError,
    ProviderKind, Site,
};
use cloudlens_store::{ConnectionRecord, ConnectionRoute};
use zeroize::Zeroizing;

/// The machine's clock in Unix seconds. Requests must be dated by it (the
/// providers refuse a signature more than 15 minutes off their own clock),
/// whatever clock the rest of a sync runs on; the clients never read it
/// themselves.
#[allow(clippy::disallowed_methods)] // the one place a sync reads the machine's clock
pub fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A client of `conn`'s provider whose requests are dated by `clock`.
pub fn build_client(
    conn: &ConnectionRecord,
    route: &ConnectionRoute,
    secret: Zeroizing<String>,
    timeout: Duration,
    clock: fn() -> i64,
) -> Result<Client, ProviderError> {
    let kind = ProviderKind::parse(&conn.provider).ok_or_else(|| {
        ProviderError::new(
            ErrorKind::InvalidRequest,
            format!(
                "unknown provider '{}' (expected alibaba, tencent, huawei, aws, azure or gcp)",
                conn.provider
            ),
        )
    })?;
    let site = match conn.site.as_str() {
        "international" => Site::International,
        _ => Site::China,
    };
    let http = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .map_err(|e| ProviderError::new(ErrorKind::Unreachable, e.to_string()))?;
    Ok(Client::new(
        ClientConfig {
            kind,
            credentials: Credentials {
                key_id: conn.key_id.clone(),
                secret,
            },
            endpoint: conn.endpoint.clone(),
            region: conn.region.clone(),
            site,
            timeout,
            clock,
            extra: extras(kind, route),
        },
        http,
    ))
}

/// The route's settings in the client's terms. Google's export lives in a
/// BigQuery table, not a bucket: a `gcp` route keeps the table where a
/// bucket route keeps its bucket, and the projects it reads (comma
/// separated) where a bucket route keeps the part of the bucket it reads.
fn extras(kind: ProviderKind, route: &ConnectionRoute) -> ConnectionExtras {
    if kind == ProviderKind::Gcp {
        return ConnectionExtras {
            billing_table: route.bucket.clone(),
            projects: gcp_projects(route.prefix.as_deref()),
            ..ConnectionExtras::default()
        };
    }
    ConnectionExtras {
        role_arn: route.role_arn.clone(),
        bucket: route.bucket.clone(),
        prefix: route.prefix.clone(),
        ..ConnectionExtras::default()
    }
}

/// `a,b , c` → `[a, b, c]`.
pub fn gcp_projects(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// One cheap read-only call that proves the key and names the account,
/// dated by the machine's clock.
pub fn test_connection(
    conn: &ConnectionRecord,
    route: &ConnectionRoute,
    secret: Zeroizing<String>,
    timeout: Duration,
) -> Result<AccountInfo, ProviderError> {
    let client = build_client(conn, route, secret, timeout, system_clock)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ProviderError::new(ErrorKind::Unreachable, e.to_string()))?;
    rt.block_on(client.check())
}
