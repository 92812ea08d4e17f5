//! Tencent Cloud: a read-only client of API 3.0 (billing, CVM, CBS, VPC,
//! Cloud Monitor). Every request is a TC3-HMAC-SHA256-signed JSON POST
//! made by [`Client::call_raw`], which refuses anything outside
//! [`ALLOWED_ACTIONS`] before a request is built. The client does not retry;
//! the sync engine does.

mod bill;
mod inventory;
mod monitor;
mod reply;
pub mod sign;

use chrono::{Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::{
    AccountInfo, BillPage, ClientConfig, ErrorKind, InventoryKind, InventoryPage, MonthTotal,
    MonthTotalPage, PolicyGuide, ProviderError, RateLimit, Site, UtilPoint, Window,
};
use reply::{amount, bad, list, request_id, text, text_or_number};

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
    let actions: Vec<String> = ALLOWED_ACTIONS.iter().map(|a| a.to_string()).collect();
    let names: Vec<Value> = ALLOWED_ACTIONS
        .iter()
        .map(|a| Value::String(format!("name/{a}")))
        .collect();
    let doc = serde_json::json!({
        "version": "2.0",
        "statement": [{"effect": "allow", "action": names, "resource": ["*"]}]
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
        let timestamp = Utc::now().timestamp();
        let signed = sign::sign(&sign::SignInput {
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
            .header(reqwest::header::CONTENT_TYPE, sign::CONTENT_TYPE)
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
            .map_err(|e| transport(action, &e))?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| transport(action, &e))?;
        reply::response(action, status, &bytes)
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

    /// Names the payer account from this month's resource summary (the
    /// billing account id of the bill lines), else from the account balance
    /// (the account's own uin) when the month has no bills yet.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        let now = Utc::now() + chrono::Duration::hours(8);
        let month = format!("{:04}-{:02}", now.year(), now.month());
        let action = "billing:DescribeBillResourceSummary";
        let r = self
            .call_raw(
                action,
                &[("Month", &month), ("Offset", "0"), ("Limit", "1")],
            )
            .await?;
        if let Some(first) = list(action, &r, "ResourceSummarySet")?.first() {
            let payer = text_or_number(first, "PayerUin")
                .ok_or_else(|| bad(action, "ResourceSummarySet[0].PayerUin"))?;
            return Ok(AccountInfo {
                billing_account: payer,
                name: None,
            });
        }
        let action = "billing:DescribeAccountBalance";
        let r = self.call_raw(action, &[]).await?;
        let uin = text_or_number(&r, "Uin").ok_or_else(|| bad(action, "Uin"))?;
        Ok(AccountInfo {
            billing_account: uin,
            name: None,
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let action = "billing:DescribeBillDetail";
        let offset = parse_cursor(cursor)?;
        let offset_text = offset.to_string();
        let limit_text = BILL_LIMIT.to_string();
        let (begin, end);
        let mut params: Vec<(&str, &str)> = vec![
            ("Month", &window.month),
            ("Offset", &offset_text),
            ("Limit", &limit_text),
            ("NeedRecordNum", "1"),
        ];
        if let Some(day) = window.day {
            begin = format!("{} 00:00:00", day.format("%Y-%m-%d"));
            end = format!("{} 23:59:59", day.format("%Y-%m-%d"));
            params.push(("BeginTime", &begin));
            params.push(("EndTime", &end));
        }
        let r = self.call_raw(action, &params).await?;
        let ctx = bill::Context {
            currency: self.currency(),
            month: &window.month,
            first_row: offset,
        };
        let (lines, rows) = bill::lines(&r, &ctx)?;
        let total = r.get("Total").and_then(Value::as_u64);
        Ok(BillPage {
            lines,
            next: next_offset(offset, rows, BILL_LIMIT, total),
            request_id: request_id(action, &r)?,
        })
    }

    /// One page of the month's resource summary, summed: the month's total
    /// is the sum over every page.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let action = "billing:DescribeBillResourceSummary";
        let offset = parse_cursor(cursor)?;
        let o = offset.to_string();
        let limit = SUMMARY_LIMIT.to_string();
        let params = [
            ("Month", month),
            ("Offset", o.as_str()),
            ("Limit", limit.as_str()),
            ("NeedRecordNum", "1"),
        ];
        let r = self.call_raw(action, &params).await?;
        let set = list(action, &r, "ResourceSummarySet")?;
        let mut billed = Decimal::ZERO;
        for (i, s) in set.iter().enumerate() {
            let path = format!("ResourceSummarySet[{i}]");
            billed += amount(action, s, "RealTotalCost", &path)?
                .ok_or_else(|| bad(action, &format!("{path}.RealTotalCost")))?;
        }
        let total = r.get("Total").and_then(Value::as_u64);
        Ok(MonthTotalPage {
            totals: (!set.is_empty())
                .then(|| MonthTotal {
                    currency: self.currency().to_string(),
                    billed,
                })
                .into_iter()
                .collect(),
            next: next_offset(offset, set.len(), SUMMARY_LIMIT, total),
        })
    }

    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let action = "cvm:DescribeRegions";
        let r = self.call_raw(action, &[]).await?;
        let mut out = Vec::new();
        for (i, region) in list(action, &r, "RegionSet")?.iter().enumerate() {
            if text(region, "RegionState").is_some_and(|s| s != "AVAILABLE") {
                continue;
            }
            let id = text(region, "Region")
                .ok_or_else(|| bad(action, &format!("RegionSet[{i}].Region")))?;
            out.push(id.to_string());
        }
        Ok(out)
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[
            InventoryKind::Instance,
            InventoryKind::Disk,
            InventoryKind::Ip,
        ]
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        let action = inventory::api(kind).action;
        let offset = parse_cursor(cursor)?;
        let o = offset.to_string();
        let limit = INVENTORY_LIMIT.to_string();
        let r = self
            .call_raw(
                action,
                &[("Region", region), ("Offset", &o), ("Limit", &limit)],
            )
            .await?;
        let (items, total) = inventory::resources(kind, region, &r)?;
        let next = next_offset(offset, items.len(), INVENTORY_LIMIT, total);
        Ok(InventoryPage {
            items,
            next,
            request_id: request_id(action, &r)?,
        })
    }

    /// Instances per utilisation request.
    pub fn utilisation_batch(&self) -> usize {
        monitor::BATCH
    }

    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let mut out = Vec::new();
        if to <= from {
            return Ok(out);
        }
        for batch in instance_ids.chunks(monitor::BATCH) {
            let owned = monitor::params(batch, from, to);
            let mut params: Vec<(&str, &str)> = vec![("Region", region)];
            params.extend(owned.iter().map(|(k, v)| (*k, v.as_str())));
            let r = self.call_raw(monitor::ACTION, &params).await?;
            out.extend(monitor::points(&r)?);
        }
        Ok(out)
    }
}

fn parse_cursor(cursor: Option<&str>) -> Result<u64, ProviderError> {
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
fn next_offset(offset: u64, rows: usize, limit: u64, total: Option<u64>) -> Option<String> {
    let after = offset + rows as u64;
    let more = rows > 0 && (rows as u64 >= limit || total.is_some_and(|t| after < t));
    more.then(|| after.to_string())
}

fn transport(action: &str, e: &reqwest::Error) -> ProviderError {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_builder() {
        // The endpoint override is not a usable URL.
        ErrorKind::InvalidRequest
    } else if e.is_connect() || e.is_request() {
        ErrorKind::Unreachable
    } else if e.is_decode() || e.is_body() {
        ErrorKind::BadResponse
    } else {
        ErrorKind::Unreachable
    };
    // The URL is the endpoint, never a secret; the key is only in a header.
    ProviderError::new(kind, format!("{action}: {e}"))
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
        assert_eq!(g.actions.len(), ALLOWED_ACTIONS.len());
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
