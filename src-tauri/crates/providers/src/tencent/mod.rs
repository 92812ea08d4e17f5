//! tencent: placeholder until the client lands. Every call fails, so nothing
//! can pretend to have synced.

use chrono::NaiveDate;

use crate::{
    AccountInfo, BillPage, ClientConfig, ErrorKind, InventoryKind, InventoryPage, MonthTotal,
    PolicyGuide, ProviderError, RateLimit, UtilPoint, Window,
};

pub const ALLOWED_ACTIONS: &[&str] = &[];

pub fn policy_guide() -> PolicyGuide {
    PolicyGuide {
        managed_policies: vec![],
        custom_policy: String::new(),
        actions: vec![],
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    #[allow(dead_code)]
    config: ClientConfig,
    #[allow(dead_code)]
    http: reqwest::Client,
}

fn missing() -> ProviderError {
    ProviderError::new(
        ErrorKind::InvalidRequest,
        "this provider's client is not built yet",
    )
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    pub async fn call_raw(
        &self,
        action: &str,
        _params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        Err(ProviderError::not_allowed(action))
    }

    pub fn rate_limit(&self) -> RateLimit {
        RateLimit { per_second: 1 }
    }

    pub fn bills_by_day(&self) -> bool {
        false
    }

    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        Err(missing())
    }

    pub async fn bill_page(
        &self,
        _w: &Window,
        _c: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        Err(missing())
    }

    pub async fn month_total(&self, _month: &str) -> Result<Vec<MonthTotal>, ProviderError> {
        Err(missing())
    }

    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        Err(missing())
    }

    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        &[]
    }

    pub async fn inventory_page(
        &self,
        _kind: InventoryKind,
        _region: &str,
        _cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        Err(missing())
    }

    pub async fn utilisation(
        &self,
        _region: &str,
        _ids: &[String],
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        Err(missing())
    }
}
