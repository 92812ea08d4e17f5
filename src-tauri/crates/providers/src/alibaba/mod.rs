//! Alibaba Cloud (阿里云): BssOpenApi bills, ECS and VPC inventory,
//! CloudMonitor CPU utilisation, all read-only, signed with ACS3-HMAC-SHA256.
//! Every request goes through [`api::call`], which refuses any action off
//! [`ALLOWED_ACTIONS`] before a request exists.

mod api;
mod bill;
mod inventory;
mod metrics;
pub mod sign;

use chrono::{Duration, NaiveDate, NaiveTime, Utc};

pub use api::ALLOWED_ACTIONS;

use crate::{
    AccountInfo, BillPage, ClientConfig, InventoryKind, InventoryPage, MonthTotalPage, PolicyGuide,
    ProviderError, RateLimit, UtilPoint, Window,
};

/// Bill lines per page: the API's maximum.
const BILL_PAGE: &str = "300";
/// Inventory items per page: ECS's and VPC's maximum.
const INVENTORY_PAGE: &str = "100";
/// Instances per CloudMonitor query: the documented maximum of one
/// `DescribeMetricList` request.
const METRIC_INSTANCES: usize = 50;

pub fn policy_guide() -> PolicyGuide {
    // RAM names the bill API `bssapi`; the others by their product code.
    let ram: Vec<String> = ALLOWED_ACTIONS
        .iter()
        .filter_map(|a| a.split_once(':'))
        .map(|(service, action)| {
            let ns = match service {
                "BssOpenApi" => "bssapi",
                "ECS" => "ecs",
                "VPC" => "vpc",
                "CMS" => "cms",
                other => other,
            };
            format!("{ns}:{action}")
        })
        .collect();
    let custom = serde_json::json!({
        "Version": "1",
        "Statement": [{"Effect": "Allow", "Action": ram, "Resource": "*"}],
    });
    PolicyGuide {
        managed_policies: [
            "AliyunBSSReadOnlyAccess",
            "AliyunECSReadOnlyAccess",
            "AliyunVPCReadOnlyAccess",
            "AliyunCloudMonitorReadOnlyAccess",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        custom_policy: serde_json::to_string_pretty(&custom).unwrap_or_default(),
        actions: ALLOWED_ACTIONS.iter().map(|s| s.to_string()).collect(),
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

    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        api::call(&self.config, &self.http, action, params).await
    }

    /// BssOpenApi's quota page gives DescribeInstanceBill 600 calls a
    /// minute per account. ECS, VPC and CloudMonitor publish no per-account
    /// figure for these reads in our references: 10 a second is the lowest
    /// read quota Alibaba lists for them, and throttling is retried anyway.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: 10,
            inventory: 10,
            monitor: 10,
        }
    }

    /// DescribeInstanceBill filters by `BillingDate`: windows are days.
    pub fn bills_by_day(&self) -> bool {
        true
    }

    /// `QueryBillOverview` for the current UTC+8 month: cheap, read-only,
    /// and it names the billing account.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        // The bill month is Beijing time's.
        let month = (Utc::now() + Duration::hours(8))
            .format("%Y-%m")
            .to_string();
        let body = self
            .call_raw("BssOpenApi:QueryBillOverview", &[("BillingCycle", &month)])
            .await?;
        let data = api::member(&body, "QueryBillOverview", &["Data"])?;
        let id = api::member(&body, "QueryBillOverview", &["Data", "AccountID"])
            .map(api::scalar_text)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                ProviderError::new(
                    crate::ErrorKind::BadResponse,
                    "QueryBillOverview answered with an empty Data.AccountID",
                )
            })?;
        Ok(AccountInfo {
            billing_account: id,
            name: data
                .get("AccountName")
                .and_then(api::scalar_text)
                .filter(|s| !s.is_empty()),
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let day = window.day.map(|d| d.format("%Y-%m-%d").to_string());
        let mut params = vec![
            ("BillingCycle", window.month.as_str()),
            ("MaxResults", BILL_PAGE),
        ];
        match &day {
            Some(d) => {
                params.push(("Granularity", "DAILY"));
                params.push(("BillingDate", d));
            }
            None => params.push(("Granularity", "MONTHLY")),
        }
        if let Some(c) = cursor {
            params.push(("NextToken", c));
        }
        let body = self
            .call_raw("BssOpenApi:DescribeInstanceBill", &params)
            .await?;
        let data = api::member(&body, "DescribeInstanceBill", &["Data"])?;
        Ok(BillPage {
            // Provenance: the item's place in its page (the page is the request id).
            lines: bill::lines(data, 1)?,
            next: data
                .get("NextToken")
                .and_then(api::scalar_text)
                .filter(|t| !t.is_empty()),
            request_id: api::request_id(&body),
        })
    }

    /// QueryBillOverview answers in one page.
    pub async fn month_total_page(
        &self,
        month: &str,
        _cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let body = self
            .call_raw("BssOpenApi:QueryBillOverview", &[("BillingCycle", month)])
            .await?;
        Ok(MonthTotalPage {
            totals: bill::month_totals(api::member(&body, "QueryBillOverview", &["Data"])?)?,
            next: None,
        })
    }

    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let body = self.call_raw("ECS:DescribeRegions", &[]).await?;
        let list = api::member(&body, "DescribeRegions", &["Regions", "Region"])?;
        let regions: Vec<String> = list
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.get("RegionId").and_then(api::scalar_text))
                    .collect()
            })
            .unwrap_or_default();
        if regions.is_empty() {
            return Err(ProviderError::new(
                crate::ErrorKind::BadResponse,
                "DescribeRegions answered without any Regions.Region[].RegionId",
            ));
        }
        Ok(regions)
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
        let mut params = vec![("RegionId", region)];
        let action = match kind {
            InventoryKind::Instance => "ECS:DescribeInstances",
            InventoryKind::Disk => "ECS:DescribeDisks",
            InventoryKind::Ip => "VPC:DescribeEipAddresses",
        };
        match kind {
            // ECS recommends the cursor; VPC pages by number only.
            InventoryKind::Instance | InventoryKind::Disk => {
                params.push(("MaxResults", INVENTORY_PAGE));
                if let Some(c) = cursor {
                    params.push(("NextToken", c));
                }
            }
            InventoryKind::Ip => {
                params.push(("PageSize", INVENTORY_PAGE));
                params.push(("PageNumber", cursor.unwrap_or("1")));
            }
        }
        let body = self.call_raw(action, &params).await?;
        Ok(InventoryPage {
            items: inventory::resources(kind, &body, region)?,
            next: inventory::next_cursor(&body),
            request_id: api::request_id(&body),
        })
    }

    /// Daily averages of `acs_ecs_dashboard` `CPUUtilization`.
    /// Instances per utilisation request.
    pub fn utilisation_batch(&self) -> usize {
        METRIC_INSTANCES
    }

    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let ms =
            |d: NaiveDate| (d.and_time(NaiveTime::MIN).and_utc().timestamp() * 1000).to_string();
        let (start, end) = (ms(from), ms(to));
        let period = Duration::days(1).num_seconds().to_string();
        let mut out = Vec::new();
        for chunk in instance_ids.chunks(METRIC_INSTANCES) {
            let dims: Vec<serde_json::Value> = chunk
                .iter()
                .map(|id| serde_json::json!({ "instanceId": id }))
                .collect();
            let dims = serde_json::Value::Array(dims).to_string();
            let mut cursor: Option<String> = None;
            loop {
                let mut params = vec![
                    ("RegionId", region),
                    ("Namespace", "acs_ecs_dashboard"),
                    ("MetricName", "CPUUtilization"),
                    ("Period", period.as_str()),
                    ("StartTime", start.as_str()),
                    ("EndTime", end.as_str()),
                    ("Dimensions", dims.as_str()),
                    ("Length", "1000"),
                ];
                if let Some(c) = &cursor {
                    params.push(("NextToken", c));
                }
                let body = self.call_raw("CMS:DescribeMetricList", &params).await?;
                out.extend(metrics::points(&body)?);
                cursor = body
                    .get("NextToken")
                    .and_then(api::scalar_text)
                    .filter(|t| !t.is_empty());
                if cursor.is_none() {
                    break;
                }
            }
        }
        Ok(out)
    }
}
