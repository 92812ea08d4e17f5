//! Tencent Cloud: a read-only client of API 3.0 (billing, CVM, CBS, VPC,
//! Cloud Monitor). Every request is a TC3-HMAC-SHA256-signed JSON POST
//! made by [`Client::call_raw`], which refuses anything outside
//! [`ALLOWED_ACTIONS`] before a request is built; bill files stored to COS
//! are read through `cos.rs`, whose gate allows only [`BUCKET_ACTIONS`]. The
//! client does not retry; the sync engine does.

mod bills;
mod cos;
pub mod cos_signing;
mod errors;
mod inventory;
mod monitoring;
pub mod signing;

use serde_json::{Map, Value};

pub use cos::BUCKET_ACTIONS;

use crate::{ClientConfig, ErrorKind, InventoryKind, PolicyGuide, ProviderError, RateLimit, Site};

/// Exactly the read-only actions this client calls, `service:Action`.
pub const ALLOWED_ACTIONS: &[&str] = &[
    "billing:DescribeBillDetail",
    "billing:DescribeBillResourceSummary",
    "billing:DescribeAccountBalance",
    "cvm:DescribeRegions",
    "cvm:DescribeInstances",
    "cbs:DescribeDisks",
    "vpc:DescribeAddresses",
    "monitor:GetMonitorData",
];

/// The API version of each service the client reads.
fn version(service: &str) -> Option<&'static str> {
    Some(match service {
        "billing" => "2018-07-09",
        "cvm" | "cbs" | "vpc" => "2017-03-12",
        "monitor" => "2018-07-24",
        _ => return None,
    })
}

/// `DescribeBillDetail` returns at most 100 rows per request.
const BILL_LIMIT: u64 = 100;
/// `DescribeBillResourceSummary` returns at most 1000.
const SUMMARY_LIMIT: u64 = 1000;
/// CVM, CBS and VPC list at most 100 items per request.
const INVENTORY_LIMIT: u64 = 100;

pub fn policy_guide() -> PolicyGuide {
    let actions: Vec<String> = ALLOWED_ACTIONS
        .iter()
        .chain(BUCKET_ACTIONS)
        .map(|a| a.to_string())
        .collect();
    let names: Vec<Value> = ALLOWED_ACTIONS
        .iter()
        .map(|a| Value::String(format!("name/{a}")))
        .collect();
    // The bucket route reads only the bill storage bucket.
    let cos: Vec<Value> = BUCKET_ACTIONS
        .iter()
        .filter_map(|a| a.split_once(':'))
        .map(|(_, a)| Value::String(format!("name/cos:{a}")))
        .collect();
    let doc = serde_json::json!({
        "version": "2.0",
        "statement": [
            {"effect": "allow", "action": names, "resource": ["*"]},
            {"effect": "allow", "action": cos,
             "resource": ["qcs::cos:REGION:uid/APPID:BILL-BUCKET-APPID/*"]}
        ]
    });
    PolicyGuide {
        // Bills read-only, and CVM read-only (which covers CVM, VPC, CLB
        // Describe* and Cloud Monitor), and CBS read-only for disks.
        managed_policies: vec![
            "QcloudFinanceBillReadOnlyAccess".to_string(),
            "QcloudCVMReadOnlyAccess".to_string(),
            "QcloudCBSReadOnlyAccess".to_string(),
        ],
        custom_policy: serde_json::to_string_pretty(&doc).unwrap_or_default(),
        actions,
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    /// The documented host of a service on the configured site.
    fn host(&self, service: &str) -> String {
        match self.config.site {
            Site::China => format!("{service}.tencentcloudapi.com"),
            Site::International => format!("{service}.intl.tencentcloudapi.com"),
        }
    }

    /// The billing currency of the site: the bill APIs state none per row.
    fn currency(&self) -> &'static str {
        match self.config.site {
            Site::China => "CNY",
            Site::International => "USD",
        }
    }

    /// Calls `action` (`service:Action`) with `params`. Values that are
    /// JSON numbers, arrays or objects are sent as such (`"100"` is the
    /// number 100; a digit-only string is passed JSON-quoted); other values
    /// as strings. `Region` is the common parameter, sent as `X-TC-Region`.
    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        if BUCKET_ACTIONS.contains(&action) {
            return self.object_raw(action, params).await;
        }
        if !ALLOWED_ACTIONS.contains(&action) {
            return Err(ProviderError::not_allowed(action));
        }
        let (service, name) = action
            .split_once(':')
            .ok_or_else(|| ProviderError::not_allowed(action))?;
        let version = version(service).ok_or_else(|| ProviderError::not_allowed(action))?;
        let mut body = Map::new();
        let mut region = None;
        for (k, v) in params {
            if *k == "Region" {
                region = Some(*v);
                continue;
            }
            let value = match serde_json::from_str::<Value>(v) {
                Ok(
                    j @ (Value::Number(_) | Value::Array(_) | Value::Object(_) | Value::String(_)),
                ) => j,
                _ => Value::String((*v).to_string()),
            };
            body.insert((*k).to_string(), value);
        }
        let body = Value::Object(body).to_string().into_bytes();
        let host = self.host(service);
        let timestamp = (self.config.clock)();
        let signed = signing::sign(&signing::SignInput {
            secret_id: &self.config.credentials.key_id,
            secret_key: &self.config.credentials.secret,
            service,
            host: &host,
            body: &body,
            timestamp,
        });
        let url = match &self.config.endpoint {
            Some(e) => format!("{}/", e.trim_end_matches('/')),
            None => format!("https://{host}/"),
        };
        let mut req = self
            .http
            .post(url)
            .timeout(self.config.timeout)
            .header(reqwest::header::HOST, &host)
            .header(reqwest::header::CONTENT_TYPE, signing::CONTENT_TYPE)
            .header(reqwest::header::AUTHORIZATION, signed.authorization)
            .header("X-TC-Action", name)
            .header("X-TC-Version", version)
            .header("X-TC-Timestamp", timestamp.to_string());
        if let Some(r) = region {
            req = req.header("X-TC-Region", r);
        }
        let resp = req
            .body(body)
            .send()
            .await
            .map_err(|e| ProviderError::transport(action, &e))?;
        let status = resp.status().as_u16();
        let bytes = crate::answer::body(action, resp).await?;
        errors::response(action, status, &bytes)
    }

    /// Tencent documents per-action limits: `DescribeBillDetail` and
    /// `DescribeBillResourceSummary` 5 calls a second, the CVM, CBS, VPC
    /// and monitor reads 20 or more.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 5,
            inventory: 20,
            monitor: 20,
        }
    }

    /// `DescribeBillDetail` filters by `BeginTime`/`EndTime` within a month,
    /// so windows are days: small, independently retryable units.
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

    /// Instances per utilisation request.
    pub fn utilisation_batch(&self) -> usize {
        monitoring::BATCH
    }
}

pub(super) fn parse_cursor(cursor: Option<&str>) -> Result<u64, ProviderError> {
    match cursor {
        None => Ok(0),
        Some(c) => c.parse().map_err(|_| {
            ProviderError::new(
                ErrorKind::InvalidRequest,
                format!("cursor {c:?} is not a row offset (a whole number)"),
            )
        }),
    }
}

/// The next page's offset: after the rows actually returned, while a page
/// comes back full or the reported total says more rows exist (a server
/// may return fewer than `Limit`, and `Total` may be a stale, lower count).
pub(super) fn next_offset(
    offset: u64,
    rows: usize,
    limit: u64,
    total: Option<u64>,
) -> Option<String> {
    let after = offset + rows as u64;
    let more = rows > 0 && (rows as u64 >= limit || total.is_some_and(|t| after < t));
    more.then(|| after.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_follows_the_rows_returned() {
        assert_eq!(next_offset(0, 100, 100, None).as_deref(), Some("100"));
        assert_eq!(next_offset(0, 7, 100, Some(30)).as_deref(), Some("7"));
        assert_eq!(next_offset(28, 2, 100, Some(30)), None);
        assert_eq!(next_offset(0, 40, 100, None), None);
        assert_eq!(next_offset(0, 0, 100, Some(30)), None);
    }

    #[test]
    fn the_policy_grants_exactly_the_allow_list() {
        let g = policy_guide();
        assert_eq!(
            g.actions.len(),
            ALLOWED_ACTIONS.len() + BUCKET_ACTIONS.len()
        );
        let doc: Value = serde_json::from_str(&g.custom_policy).unwrap_or_default();
        let granted = doc["statement"][0]["action"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(granted.len(), ALLOWED_ACTIONS.len());
        assert!(granted
            .iter()
            .all(|a| a.as_str().is_some_and(|a| a.starts_with("name/"))));
        assert!(ALLOWED_ACTIONS.iter().all(|a| a
            .split(':')
            .nth(1)
            .is_some_and(|n| n.starts_with("Describe") || n.starts_with("Get"))));
    }
}
