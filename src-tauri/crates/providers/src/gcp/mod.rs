//! Google Cloud: a read-only client of the BigQuery billing export
//! (`jobs.query` and `jobs.getQueryResults` on the standard or detailed
//! export table), Compute Engine (`aggregatedList` of instances, disks and
//! addresses) and Cloud Monitoring (`timeSeries.list` of CPU utilisation),
//! authorised by a service-account key's signed JWT exchanged for a bearer
//! token ([`token`]). Every request goes through [`Client::send`], which
//! refuses anything outside [`ALLOWED_ACTIONS`] before a request is built,
//! and a query that is not one of the SELECT statements the client builds
//! itself ([`statements`]). The client does not retry; the sync engine does.

mod bills;
mod errors;
mod inventory;
mod monitoring;
mod rows;
pub mod statements;
pub mod token;

use std::sync::Arc;

use serde_json::Value;
use zeroize::Zeroizing;

use self::errors::provider_error;
use self::statements::Table;
use self::token::{read_token_answer, AccessToken, ServiceAccountKey, TOKEN_ACTION};
use crate::{ClientConfig, ErrorKind, InventoryKind, PolicyGuide, ProviderError, RateLimit};

/// Exactly the read-only calls this client makes, as Google's IAM
/// permissions and API methods name them.
pub const ALLOWED_ACTIONS: &[&str] = &[
    TOKEN_ACTION,
    "bigquery.jobs.query",
    "bigquery.jobs.getQueryResults",
    "compute.instances.aggregatedList",
    "compute.disks.aggregatedList",
    "compute.addresses.aggregatedList",
    "monitoring.timeSeries.list",
];

/// The roles that grant exactly what the client reads.
pub const ROLES: &[&str] = &[
    "roles/bigquery.dataViewer",
    "roles/bigquery.jobUser",
    "roles/compute.viewer",
    "roles/monitoring.viewer",
];

pub fn policy_guide() -> PolicyGuide {
    let doc = serde_json::json!({
        "bindings": [
            {
                "role": "roles/bigquery.dataViewer",
                "scope": "the billing export dataset (PROJECT.DATASET)",
                "why": "read the billing export table"
            },
            {
                "role": "roles/bigquery.jobUser",
                "scope": "the billing export dataset's project",
                "why": "run the SELECT queries that read it"
            },
            {
                "role": "roles/compute.viewer",
                "scope": "each project whose inventory is read",
                "why": "list instances, disks and addresses"
            },
            {
                "role": "roles/monitoring.viewer",
                "scope": "each project whose inventory is read",
                "why": "read CPU utilisation"
            }
        ],
        "permissions": ALLOWED_ACTIONS.iter().filter(|a| **a != TOKEN_ACTION).collect::<Vec<_>>()
    });
    PolicyGuide {
        managed_policies: ROLES.iter().map(|r| r.to_string()).collect(),
        custom_policy: serde_json::to_string_pretty(&doc).unwrap_or_default(),
        actions: ALLOWED_ACTIONS.iter().map(|a| a.to_string()).collect(),
    }
}

/// Google's API hosts, each replaced by the connection's endpoint in tests.
const BIGQUERY: &str = "https://bigquery.googleapis.com";
const COMPUTE: &str = "https://compute.googleapis.com";
const MONITORING: &str = "https://monitoring.googleapis.com";

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
    /// The current bearer token, shared by clones of the client.
    token: Arc<tokio::sync::Mutex<Option<AccessToken>>>,
}

/// A call about to be sent: method, URL path (after the host), query and body.
struct Outgoing {
    method: reqwest::Method,
    base: &'static str,
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self {
            config,
            http,
            token: Arc::new(tokio::sync::Mutex::new(None)),
        }
    }

    fn now(&self) -> i64 {
        (self.config.clock)()
    }

    fn key(&self) -> Result<ServiceAccountKey, ProviderError> {
        ServiceAccountKey::parse(&self.config.credentials.secret)
    }

    /// The export table the connection names, checked before it is ever
    /// put in a statement.
    pub(crate) fn table(&self) -> Result<Table, ProviderError> {
        let text = self.config.extra.billing_table.as_deref().ok_or_else(|| {
            ProviderError::new(
                ErrorKind::InvalidRequest,
                "the connection names no billing export table (PROJECT.DATASET.TABLE)",
            )
        })?;
        Table::parse(text)
    }

    /// The projects inventory is read from, and bills restricted to when
    /// the connection names them: the connection's, else the key's own.
    pub(crate) fn projects(&self) -> Result<Vec<String>, ProviderError> {
        if !self.config.extra.projects.is_empty() {
            return Ok(self.config.extra.projects.clone());
        }
        Ok(self.key()?.project_id.into_iter().collect())
    }

    /// Calls `action` through the allow-list and returns its JSON answer.
    /// `Project` and `Job` fill the method's path, `Body` is a POST body;
    /// other parameters are the query string. A `jobs.query` body whose
    /// statement is not one the client built itself is refused here.
    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ProviderError> {
        if action == TOKEN_ACTION {
            self.bearer().await?;
            return Ok(serde_json::json!({"token_type": "Bearer"}));
        }
        self.send(action, params).await
    }

    /// The allow-list, the statement check, the token, then the request.
    pub(crate) async fn send(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ProviderError> {
        if !ALLOWED_ACTIONS.contains(&action) || action == TOKEN_ACTION {
            return Err(ProviderError::not_allowed(action));
        }
        let out = self.outgoing(action, params)?;
        let token = self.bearer().await?;
        let base = match &self.config.endpoint {
            Some(e) => e.trim_end_matches('/').to_string(),
            None => out.base.to_string(),
        };
        let mut req = self
            .http
            .request(out.method, format!("{base}{}", out.path))
            .timeout(self.config.timeout)
            .bearer_auth(token.as_str());
        if !out.query.is_empty() {
            req = req.query(&out.query);
        }
        if let Some(body) = out.body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        let status = resp.status().as_u16();
        let body = crate::answer::body(action, resp).await?;
        if !(200..300).contains(&status) {
            if status == 401 {
                // The token was revoked or expired early: the next call gets a new one.
                *self.token.lock().await = None;
            }
            return Err(provider_error(action, status, &body));
        }
        serde_json::from_slice(&body).map_err(|_| errors::bad(action, "a JSON body"))
    }

    fn outgoing(&self, action: &str, params: &[(&str, &str)]) -> Result<Outgoing, ProviderError> {
        let param = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let segment = |k: &str| -> Result<String, ProviderError> {
            let v = param(k).unwrap_or_default();
            if v.is_empty()
                || !v
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c))
            {
                return Err(ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("{action}: '{v}' is not a {k} name"),
                ));
            }
            Ok(v.to_string())
        };
        let query: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| !matches!(*k, "Project" | "Job" | "Body"))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let get = |base, path| Outgoing {
            method: reqwest::Method::GET,
            base,
            path,
            query: query.clone(),
            body: None,
        };
        Ok(match action {
            "bigquery.jobs.query" => {
                let body = param("Body").unwrap_or("{}");
                statements::check_request(body, &self.table()?, action)?;
                Outgoing {
                    method: reqwest::Method::POST,
                    base: BIGQUERY,
                    path: format!("/bigquery/v2/projects/{}/queries", segment("Project")?),
                    query: Vec::new(),
                    body: Some(body.as_bytes().to_vec()),
                }
            }
            "bigquery.jobs.getQueryResults" => get(
                BIGQUERY,
                format!(
                    "/bigquery/v2/projects/{}/queries/{}",
                    segment("Project")?,
                    segment("Job")?
                ),
            ),
            "compute.instances.aggregatedList"
            | "compute.disks.aggregatedList"
            | "compute.addresses.aggregatedList" => {
                let collection = action.split('.').nth(1).unwrap_or_default();
                get(
                    COMPUTE,
                    format!(
                        "/compute/v1/projects/{}/aggregated/{collection}",
                        segment("Project")?
                    ),
                )
            }
            "monitoring.timeSeries.list" => get(
                MONITORING,
                format!("/v3/projects/{}/timeSeries", segment("Project")?),
            ),
            _ => return Err(ProviderError::not_allowed(action)),
        })
    }

    /// The cached token, or a new one from the key's `token_uri`.
    async fn bearer(&self) -> Result<Zeroizing<String>, ProviderError> {
        let mut cached = self.token.lock().await;
        let now = self.now();
        if let Some(t) = cached.as_ref().filter(|t| now < t.renew_at) {
            return Ok(t.token.clone());
        }
        let key = self.key()?;
        let assertion = key.assertion(now)?;
        let form = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion.as_str()),
        ];
        // The endpoint override replaces Google's hosts, its token host
        // included; a key file naming another token endpoint is honoured.
        let url = match &self.config.endpoint {
            Some(e) if key.token_uri == token::GOOGLE_TOKEN_URI => {
                format!("{}/token", e.trim_end_matches('/'))
            }
            _ => key.token_uri.clone(),
        };
        let resp = self
            .http
            .post(&url)
            .timeout(self.config.timeout)
            .form(&form)
            .send()
            .await
            .map_err(|e| ProviderError::transport(TOKEN_ACTION, &e))?;
        let status = resp.status().as_u16();
        let body = crate::answer::body(TOKEN_ACTION, resp).await?;
        let token = read_token_answer(status, &body, now)?;
        let out = token.token.clone();
        *cached = Some(token);
        Ok(out)
    }

    /// BigQuery's API allows 100 requests a second per user and method
    /// (queries are few and large: 10 keeps clear of it); Compute Engine's
    /// read requests 20 a second per project; Cloud Monitoring's
    /// `timeSeries.list` 100 a second per project.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 10,
            inventory: 20,
            monitor: 100,
        }
    }

    /// The export is queried one (Pacific-time) day at a time.
    pub fn bills_by_day(&self) -> bool {
        true
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip,
        ]
    }

    /// Instances per `timeSeries.list` filter.
    pub fn utilisation_batch(&self) -> usize {
        monitoring::BATCH
    }

    /// Inventory is read per project: the "regions" of a Google connection.
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        let projects = self.projects()?;
        if projects.is_empty() {
            return Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                "the connection names no projects and the key file no project_id",
            ));
        }
        Ok(projects)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_names_the_roles_and_every_permission_is_a_read() {
        let g = policy_guide();
        assert_eq!(g.managed_policies.len(), 4);
        assert!(g.custom_policy.contains("roles/bigquery.jobUser"));
        assert!(ALLOWED_ACTIONS.iter().all(|a| {
            a.ends_with(".query")
                || a.ends_with(".getQueryResults")
                || a.ends_with(".aggregatedList")
                || a.ends_with(".list")
                || *a == TOKEN_ACTION
        }));
    }
}
