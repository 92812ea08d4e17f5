//! Huawei Cloud: BSS v2 resource details for bill lines and fee records
//! for the provider's month totals, IAM projects for regions and project
//! ids, ECS for instances. Every request is signed with SDK-HMAC-SHA256
//! and passes the read-only allow-list first (`http::send`).
//!
//! Not read (API-NOTES documents none of them): EVS disks, EIP addresses
//! and Cloud Eye metrics, so inventory is instances only and utilisation
//! is empty.

mod actions;
mod amount;
mod bills;
mod http;
mod servers;
pub mod sign;
mod words;

use chrono::{Datelike, NaiveDate, Utc};
use cloudlens_model::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub use actions::{policy_guide, ALLOWED_ACTIONS};
pub use bills::month_period;

use self::amount::Amount;
use crate::{
    AccountInfo, BillPage, ClientConfig, ErrorKind, InventoryKind, InventoryPage, MonthTotal,
    MonthTotalPage, ProviderError, RateLimit, Site, UtilPoint, Window,
};

/// Rows per BSS page: the request model allows 1–100 (older SDK models
/// state the bound; newer ones only the default of 10).
const BSS_LIMIT: u32 = 100;
/// Servers per ECS page: documented maximum 1000.
const ECS_LIMIT: u32 = 1000;
/// The customer-operations (BSS) APIs allow 10 requests per second per
/// user and API; ECS publishes no lower figure for its reads.
const REQUESTS_PER_SECOND: u32 = 10;

const RES_RECORDS: &str = "bss:ListCustomerselfResourceRecordDetails";
const FEE_RECORDS: &str = "bss:ListCustomerBillsFeeRecords";
const PROJECTS: &str = "iam:KeystoneListProjects";
const SERVERS: &str = "ecs:ListServersDetails";

#[derive(Debug, Clone)]
pub struct Client {
    config: ClientConfig,
    http: reqwest::Client,
}

#[derive(Debug, Deserialize)]
struct FeeRecordsPage {
    records: Option<Vec<FeeRecord>>,
    total_count: Option<u64>,
    currency: Option<String>,
}

#[derive(Debug, Deserialize)]
struct FeeRecord {
    #[serde(default)]
    consume_amount: Amount,
}

fn parse<T: DeserializeOwned>(action: &str, body: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(body).map_err(|e| {
        ProviderError::new(
            ErrorKind::BadResponse,
            format!("{action} answered something other than its documented shape: {e}"),
        )
    })
}

fn bad_cursor(cursor: &str) -> ProviderError {
    ProviderError::new(
        ErrorKind::InvalidRequest,
        format!("'{cursor}' is not a cursor this client gave out"),
    )
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    fn english(&self) -> bool {
        self.config.site == Site::International
    }

    async fn get<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<(T, String), ProviderError> {
        let reply = http::send(&self.config, &self.http, action, params).await?;
        let value = parse(action, &reply.body).map_err(|e| match reply.request_id.as_str() {
            "" => e,
            id => e.with_request_id(id),
        })?;
        Ok((value, reply.request_id))
    }

    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        self.get(action, params).await.map(|(v, _)| v)
    }

    pub fn rate_limit(&self) -> RateLimit {
        RateLimit {
            bills: REQUESTS_PER_SECOND,
            inventory: REQUESTS_PER_SECOND,
            monitor: REQUESTS_PER_SECOND,
        }
    }

    /// Resource details filter by day (`query_type=DAILY` with
    /// `bill_cycle_begin` = `bill_cycle_end`), so windows are days.
    pub fn bills_by_day(&self) -> bool {
        true
    }

    /// One fee-record row of the current billing cycle proves the key and
    /// the bill permission; IAM's projects name the account (`domain_id`).
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        // The billing cycle is a Beijing-time month.
        let today = (Utc::now() + chrono::Duration::hours(8)).date_naive();
        let month = format!("{:04}-{:02}", today.year(), today.month());
        let _: (FeeRecordsPage, String) = self
            .get(
                FEE_RECORDS,
                &[("bill_cycle", &month), ("offset", "0"), ("limit", "1")],
            )
            .await?;
        let (projects, id): (servers::Projects, String) = self.get(PROJECTS, &[]).await?;
        let domain = projects
            .projects
            .iter()
            .flatten()
            .find_map(|p| p.domain_id.clone())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    "IAM listed no project with a domain_id, so the account id is unknown",
                )
                .with_request_id(id)
            })?;
        Ok(AccountInfo {
            billing_account: domain,
            name: None,
        })
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        let offset: u64 = match cursor {
            Some(c) => c.parse().map_err(|_| bad_cursor(c))?,
            None => 0,
        };
        let offset_text = offset.to_string();
        let limit = BSS_LIMIT.to_string();
        let day = window.day.map(|d| d.format("%Y-%m-%d").to_string());
        let mut params: Vec<(&str, &str)> = vec![
            ("cycle", &window.month),
            // 2: one record per resource and day (bill_date set).
            ("statistic_type", "2"),
            ("offset", &offset_text),
            ("limit", &limit),
        ];
        if let Some(d) = &day {
            params.extend([
                ("query_type", "DAILY"),
                ("bill_cycle_begin", d.as_str()),
                ("bill_cycle_end", d.as_str()),
            ]);
        }
        let (page, request_id): (bills::ResRecordsPage, String) =
            self.get(RES_RECORDS, &params).await?;
        let records = page.monthly_records.unwrap_or_default();
        let currency = page.currency.ok_or_else(|| {
            ProviderError::new(ErrorKind::BadResponse, "the answer lacks currency")
                .with_request_id(&request_id)
        })?;
        let lines = bills::to_lines(
            &records,
            &bills::Context {
                billing_account: &window.billing_account,
                month: &window.month,
                currency: &currency,
                english: self.english(),
                first_row: offset,
            },
        )
        .map_err(|e| e.with_request_id(&request_id))?;
        let after = offset + records.len() as u64;
        let total = page.total_count.unwrap_or(after);
        Ok(BillPage {
            lines,
            next: (!records.is_empty() && after < total).then(|| after.to_string()),
            request_id,
        })
    }

    /// One page of the cycle's fee records (流水账单), summed per currency:
    /// the cycle's total is the sum over every page.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        let offset: u64 = match cursor {
            Some(c) => c.parse().map_err(|_| bad_cursor(c))?,
            None => 0,
        };
        let limit = BSS_LIMIT.to_string();
        let offset_text = offset.to_string();
        let params = [
            ("bill_cycle", month),
            ("offset", offset_text.as_str()),
            ("limit", limit.as_str()),
        ];
        let (page, request_id): (FeeRecordsPage, String) = self.get(FEE_RECORDS, &params).await?;
        let records = page.records.unwrap_or_default();
        let mut totals = Vec::new();
        if !records.is_empty() {
            let currency = page.currency.ok_or_else(|| {
                ProviderError::new(ErrorKind::BadResponse, "the answer lacks currency")
                    .with_request_id(&request_id)
            })?;
            let mut billed = Decimal::ZERO;
            for (i, r) in records.iter().enumerate() {
                billed += r.consume_amount.0.ok_or_else(|| {
                    ProviderError::new(
                        ErrorKind::BadResponse,
                        format!("the answer lacks records[{i}].consume_amount"),
                    )
                    .with_request_id(&request_id)
                })?;
            }
            totals.push(MonthTotal { currency, billed });
        }
        let after = offset + records.len() as u64;
        let more = !records.is_empty() && after < page.total_count.unwrap_or(after);
        Ok(MonthTotalPage {
            totals,
            next: more.then(|| after.to_string()),
        })
    }

    /// The configured region, or every region the account has a project in.
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        if let Some(r) = &self.config.region {
            return Ok(vec![r.clone()]);
        }
        let (projects, _): (servers::Projects, String) = self.get(PROJECTS, &[]).await?;
        let mut out: Vec<String> = projects
            .projects
            .iter()
            .flatten()
            .filter_map(|p| p.region().map(str::to_string))
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[InventoryKind::Instance]
    }

    async fn project_id(&self, region: &str) -> Result<String, ProviderError> {
        let (projects, id): (servers::Projects, String) =
            self.get(PROJECTS, &[("name", region)]).await?;
        projects
            .projects
            .iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(region))
            .and_then(|p| p.id.clone())
            .ok_or_else(|| {
                ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("the account has no project in region {region}"),
                )
                .with_request_id(id)
            })
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        if kind != InventoryKind::Instance {
            return Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                format!(
                    "the Huawei client does not read {} inventory",
                    kind.as_str()
                ),
            ));
        }
        let at = match cursor {
            Some(c) => servers::ServersCursor::parse(c).ok_or_else(|| bad_cursor(c))?,
            None => servers::ServersCursor {
                page: 1,
                seen: 0,
                project_id: self.project_id(region).await?,
            },
        };
        let page_text = at.page.to_string();
        let limit = ECS_LIMIT.to_string();
        let (page, request_id): (servers::ServersPage, String) = self
            .get(
                SERVERS,
                &[
                    ("region", region),
                    ("project_id", &at.project_id),
                    ("offset", &page_text),
                    ("limit", &limit),
                ],
            )
            .await?;
        let list = page.servers.unwrap_or_default();
        let items =
            servers::to_resources(&list, region).map_err(|e| e.with_request_id(&request_id))?;
        let seen = at.seen + items.len() as u64;
        let next = (!items.is_empty() && seen < page.count.unwrap_or(seen)).then(|| {
            servers::ServersCursor {
                page: at.page + 1,
                seen,
                project_id: at.project_id.clone(),
            }
            .text()
        });
        Ok(InventoryPage {
            items,
            next,
            request_id,
        })
    }

    /// Cloud Eye is not read (see the module comment).
    /// No utilisation: the APIs in our references do not cover Cloud Eye.
    pub fn utilisation_batch(&self) -> usize {
        0
    }

    pub async fn utilisation(
        &self,
        _region: &str,
        _ids: &[String],
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        Ok(Vec::new())
    }
}
