//! Microsoft Azure: a read-only client of Cost Management (`query`: daily
//! cost by service and resource group, month totals), Blob Storage (the
//! container Cost Management exports are delivered to: List Blobs, Get
//! Blob), Resource Graph (virtual machines, managed disks, public IP
//! addresses), Azure Monitor (`Percentage CPU`) and Resource Manager (the
//! scope's subscription or billing account). Requests carry an OAuth 2.0
//! bearer token of the Microsoft identity platform, obtained with the app
//! registration's client credentials ([`token`]) and cached until shortly
//! before it expires. Every request is made by [`Client::start`], which
//! refuses anything outside [`ALLOWED_ACTIONS`] before a token is fetched or
//! a request built. The site picks the cloud: international is Azure's
//! global cloud, China the one operated by 21Vianet. The client does not
//! retry; the sync engine does.
//!
//! A connection names its app registration as `TENANT/CLIENT-ID` (its key
//! id; the tenant is the token endpoint's path), the scope it reads (the
//! extras' `role_arn` slot: `subscriptions/{id}` or
//! `providers/Microsoft.Billing/billingAccounts/{id}`) and, for the bucket
//! route, the container as `STORAGE-ACCOUNT/CONTAINER`.

mod blob;
mod errors;
mod inventory;
mod monitoring;
mod query;
mod scope;
mod token;

use std::sync::Arc;

pub use blob::{parse_manifest, ExportManifest};
pub use scope::Scope;

use self::errors::provider_error;
use self::token::{Audience, TokenCache};
use crate::{ClientConfig, ErrorKind, InventoryKind, PolicyGuide, ProviderError, RateLimit, Site};

/// Exactly the read-only operations this client performs, `service:Operation`.
/// `costmanagement:Query` and `resourcegraph:Resources` are POSTs that read.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "identity:ClientCredentialsToken",
    "costmanagement:Query",
    "resourcegraph:Resources",
    "monitor:ListMetrics",
    "resources:GetSubscription",
    "resources:ListSubscriptions",
    "billing:GetBillingAccount",
    "storage:ListBlobs",
    "storage:GetBlob",
];

/// The Azure RBAC permission each allow-listed action needs.
pub fn permission(action: &str) -> Option<&'static str> {
    Some(match action {
        "identity:ClientCredentialsToken" => "(none: the app registration's own credentials)",
        "costmanagement:Query" => "Microsoft.CostManagement/query/action",
        "resourcegraph:Resources" => "Microsoft.ResourceGraph/resources/read",
        "monitor:ListMetrics" => "Microsoft.Insights/metrics/read",
        "resources:GetSubscription" | "resources:ListSubscriptions" => {
            "Microsoft.Resources/subscriptions/read"
        }
        "billing:GetBillingAccount" => "Microsoft.Billing/billingAccounts/read",
        "storage:ListBlobs" | "storage:GetBlob" => {
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"
        }
        _ => return None,
    })
}

/// How an action is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    /// The identity platform's token endpoint (form POST, no token).
    Identity,
    /// Azure Resource Manager, `method` on a path with `api-version`.
    Arm {
        method: &'static str,
        api_version: &'static str,
    },
    /// Blob Storage, GET with `x-ms-version`.
    Storage,
}

fn route(action: &str) -> Option<Api> {
    let arm = |method, api_version| Api::Arm {
        method,
        api_version,
    };
    Some(match action {
        "identity:ClientCredentialsToken" => Api::Identity,
        "costmanagement:Query" => arm("POST", query::API_VERSION),
        "resourcegraph:Resources" => arm("POST", "2021-03-01"),
        "monitor:ListMetrics" => arm("GET", "2023-10-01"),
        "resources:GetSubscription" | "resources:ListSubscriptions" => arm("GET", "2022-12-01"),
        "billing:GetBillingAccount" => arm("GET", "2024-04-01"),
        "storage:ListBlobs" | "storage:GetBlob" => Api::Storage,
        _ => return None,
    })
}

/// The hosts of one Azure cloud.
pub(crate) struct Cloud {
    pub login: &'static str,
    pub management: &'static str,
    pub blob_suffix: &'static str,
}

fn cloud(site: Site) -> Cloud {
    match site {
        Site::International => Cloud {
            login: "login.microsoftonline.com",
            management: "management.azure.com",
            blob_suffix: "blob.core.windows.net",
        },
        Site::China => Cloud {
            login: "login.chinacloudapi.cn",
            management: "management.chinacloudapi.cn",
            blob_suffix: "blob.core.chinacloudapi.cn",
        },
    }
}

/// The Blob Storage service version every request names (bearer tokens
/// need 2017-11-09 or later).
pub(crate) const STORAGE_VERSION: &str = "2023-11-03";

pub fn policy_guide() -> PolicyGuide {
    let actions: Vec<String> = ALLOWED_ACTIONS
        .iter()
        .filter_map(|a| permission(a).map(|p| format!("{a} ({p})")))
        .collect();
    let role = serde_json::json!({
        "Name": "CloudLens Reader",
        "IsCustom": true,
        "Description": "Reads costs, inventory, CPU metrics and Cost Management exports; changes nothing.",
        "Actions": [
            "Microsoft.CostManagement/query/action",
            "Microsoft.ResourceGraph/resources/read",
            "Microsoft.Insights/metrics/read",
            "Microsoft.Resources/subscriptions/read",
            "Microsoft.Billing/billingAccounts/read",
            "Microsoft.Compute/virtualMachines/read",
            "Microsoft.Compute/disks/read",
            "Microsoft.Network/publicIPAddresses/read"
        ],
        "NotActions": [],
        "DataActions": [
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"
        ],
        "NotDataActions": [],
        "AssignableScopes": ["/subscriptions/SUBSCRIPTION-ID"]
    });
    PolicyGuide {
        // Built-in roles: Reader (Resource Graph, metrics, the
        // subscription), Cost Management Reader (the query API), and
        // Storage Blob Data Reader on the export's container only.
        managed_policies: vec![
            "Reader".to_string(),
            "Cost Management Reader".to_string(),
            "Storage Blob Data Reader".to_string(),
        ],
        custom_policy: serde_json::to_string_pretty(&role).unwrap_or_default(),
        actions,
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    /// Bearer tokens per audience, shared by clones of the client.
    tokens: Arc<tokio::sync::Mutex<TokenCache>>,
    /// The scope found when the connection names none.
    found_scope: Arc<tokio::sync::OnceCell<Scope>>,
}

/// A request about to be sent.
pub(crate) struct Outgoing {
    pub host: String,
    pub method: &'static str,
    /// The path and query, already encoded.
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub audience: Option<Audience>,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self {
            config,
            http,
            tokens: Arc::new(tokio::sync::Mutex::new(TokenCache::default())),
            found_scope: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    pub(crate) fn cloud(&self) -> Cloud {
        cloud(self.config.site)
    }

    fn now(&self) -> i64 {
        (self.config.clock)()
    }

    /// `TENANT/CLIENT-ID` split; either missing is the user's to fix.
    pub(crate) fn identity(&self) -> Result<(&str, &str), ProviderError> {
        self.config
            .credentials
            .key_id
            .split_once('/')
            .filter(|(t, c)| !t.is_empty() && !c.is_empty())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    "an Azure connection's key id is TENANT/CLIENT-ID (the directory (tenant) id and the application (client) id)",
                )
            })
    }

    crate::answer::whole_answer_methods!(request_id: request_id);

    /// Sends `action` through the allow-list and returns the successful
    /// response, body unread. `Path` is an ARM path or a blob name, `Body`
    /// a JSON body; other parameters go in the query. A token the service
    /// calls expired or invalid is dropped and the request sent once more
    /// with a fresh one.
    pub(crate) async fn start(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<reqwest::Response, ProviderError> {
        if !ALLOWED_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let out = self.outgoing(action, params)?;
        match self.send(action, &out).await {
            Err(e) if e.kind == ErrorKind::CredentialsRejected && out.audience.is_some() => {
                if let Some(a) = out.audience {
                    self.tokens.lock().await.forget(a);
                }
                self.send(action, &out).await
            }
            other => other,
        }
    }

    async fn send(&self, action: &str, out: &Outgoing) -> Result<reqwest::Response, ProviderError> {
        let bearer = match out.audience {
            Some(a) => Some(self.token(a).await?),
            None => None,
        };
        self.send_with(action, out, bearer.as_ref().map(|t| t.as_str()))
            .await
    }

    /// Sends `out` with `bearer`, if any (the token request has none).
    pub(crate) async fn send_with(
        &self,
        action: &str,
        out: &Outgoing,
        bearer: Option<&str>,
    ) -> Result<reqwest::Response, ProviderError> {
        let base = match &self.config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => format!("https://{}", out.host),
        };
        let method = if out.method == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut req = self
            .http
            .request(method, format!("{base}{}", out.path_and_query))
            .timeout(self.config.timeout)
            .header(reqwest::header::HOST, out.host.as_str());
        for (k, v) in &out.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        crate::answer::send(action, req.body(out.body.clone()), request_id, |f| {
            let id = (!f.request_id.is_empty()).then_some(f.request_id.as_str());
            provider_error(action, f.status, &f.body, id, errors::waits(&f.headers))
        })
        .await
    }

    pub(crate) fn outgoing(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Outgoing, ProviderError> {
        let api = route(action).ok_or_else(|| ProviderError::not_allowed(action))?;
        let param = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let query: Vec<(&str, &str)> = params
            .iter()
            .filter(|(k, _)| !matches!(*k, "Path" | "Body"))
            .copied()
            .collect();
        let cloud = self.cloud();
        Ok(match api {
            Api::Identity => {
                let (tenant, _) = self.identity()?;
                Outgoing {
                    host: cloud.login.to_string(),
                    method: "POST",
                    path_and_query: format!("/{}/oauth2/v2.0/token", encode(tenant)),
                    headers: vec![(
                        "content-type".into(),
                        "application/x-www-form-urlencoded".into(),
                    )],
                    body: param("Body").unwrap_or_default().as_bytes().to_vec(),
                    audience: None,
                }
            }
            Api::Arm {
                method,
                api_version,
            } => {
                let path = param("Path").unwrap_or("/");
                let mut q = vec![("api-version", api_version)];
                q.extend(query);
                let mut headers = Vec::new();
                if method == "POST" {
                    headers.push(("content-type".into(), "application/json".into()));
                }
                Outgoing {
                    host: cloud.management.to_string(),
                    method,
                    path_and_query: format!("{}?{}", encode_path(path), query_string(&q)),
                    headers,
                    body: param("Body").unwrap_or_default().as_bytes().to_vec(),
                    audience: Some(Audience::Management),
                }
            }
            Api::Storage => {
                let (account, container) = self.container()?;
                let path = match param("Path") {
                    Some(blob) => format!("/{}/{}", container, encode_path(blob)),
                    None => format!("/{container}"),
                };
                let q = query_string(&query);
                Outgoing {
                    host: format!("{account}.{}", cloud.blob_suffix),
                    method: "GET",
                    path_and_query: if q.is_empty() {
                        path
                    } else {
                        format!("{path}?{q}")
                    },
                    headers: vec![("x-ms-version".into(), STORAGE_VERSION.into())],
                    body: Vec::new(),
                    audience: Some(Audience::Storage),
                }
            }
        })
    }

    /// The storage account and container of the bucket route.
    pub(crate) fn container(&self) -> Result<(&str, &str), ProviderError> {
        self.config
            .extra
            .bucket
            .as_deref()
            .and_then(|b| b.split_once('/'))
            .filter(|(a, c)| valid_account(a) && !c.is_empty() && !c.contains('/'))
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    "an Azure bucket route names its container as STORAGE-ACCOUNT/CONTAINER",
                )
            })
    }

    /// Resource Graph allows 15 requests per 5 seconds; Azure Monitor's
    /// metrics API 12,000 an hour per subscription (3 a second stays under
    /// both); Cost Management's query API meters by query processing units
    /// (12 per 10 seconds for a month of data), so one query a second.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 1,
            inventory: 3,
            monitor: 3,
        }
    }

    /// A storage account serves up to 20,000 requests a second.
    pub fn object_rate(&self) -> u32 {
        20_000
    }

    /// The query API answers a month of daily rows with `nextLink` pages.
    pub fn bills_by_day(&self) -> bool {
        false
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip,
        ]
    }

    /// One virtual machine per metrics request (the metrics API reads one
    /// resource a request), so each call is one paced request.
    pub fn utilisation_batch(&self) -> usize {
        1
    }
}

/// Storage account names are 3 to 24 lower-case letters and digits.
fn valid_account(a: &str) -> bool {
    (3..=24).contains(&a.len())
        && a.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

const QUERY_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

const PATH_SET: &percent_encoding::AsciiSet = &QUERY_SET.remove(b'/');

pub(crate) fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_SET).to_string()
}

fn encode_path(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, PATH_SET).to_string()
}

fn query_string(q: &[(&str, &str)]) -> String {
    q.iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `x-ms-request-id` (ARM, storage) or the token endpoint's `client-request-id`.
fn request_id(resp: &reqwest::Response) -> String {
    ["x-ms-request-id", "x-ms-correlation-request-id"]
        .iter()
        .find_map(|h| resp.headers().get(*h).and_then(|v| v.to_str().ok()))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_action_has_a_route_and_a_read_permission() {
        for a in ALLOWED_ACTIONS {
            assert!(route(a).is_some(), "{a}");
            let p = permission(a).unwrap_or("");
            assert!(
                p.ends_with("/read") || p.ends_with("query/action") || p.starts_with("(none"),
                "{a}: {p}"
            );
        }
        let g = policy_guide();
        assert!(g
            .managed_policies
            .contains(&"Cost Management Reader".to_string()));
        assert!(!g.custom_policy.contains("write") && !g.custom_policy.contains("delete"));
        assert!(valid_account("cloudlensbills") && !valid_account("Bad_Name"));
        assert_eq!(encode_path("a b/c"), "a%20b/c");
    }
}
