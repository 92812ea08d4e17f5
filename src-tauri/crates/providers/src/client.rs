//! One client type over every provider, so the sync engine is written once.

use std::fmt;
use std::time::Duration;

use chrono::NaiveDate;
use zeroize::Zeroizing;

use crate::bucket::{Delivery, ObjectBody, ObjectInfo, ObjectPage};
use crate::{
    add_month_totals, alibaba, aws, azure, gcp, huawei, tencent, AccountInfo, BillPage, ErrorKind,
    InventoryKind, InventoryPage, MonthTotal, MonthTotalPage, PolicyGuide, ProviderError,
    ProviderKind, RateLimit, UtilPoint, Window,
};

/// An access key. `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    pub key_id: String,
    pub secret: Zeroizing<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("key_id", &self.key_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// China (`aliyuncs.com`, `tencentcloudapi.com`, `myhuaweicloud.com`) or the
/// international site of the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Site {
    #[default]
    China,
    International,
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub kind: ProviderKind,
    pub credentials: Credentials,
    /// Replaces every host of the provider (`http://127.0.0.1:PORT`, a proxy
    /// or a private endpoint); requests are still signed for the real host
    /// name the API documents, sent in the `Host` header.
    pub endpoint: Option<String>,
    /// The region for inventory and monitoring; all regions the account
    /// reports when `None`.
    pub region: Option<String>,
    pub site: Site,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Now, in Unix seconds: dates each request's signature (the providers
    /// refuse one more than 15 minutes off their own clock) and names the
    /// current billing month. The client never reads the clock itself.
    pub clock: fn() -> i64,
    /// What some providers or routes need besides the key.
    pub extra: ConnectionExtras,
}

/// A connection's settings beyond key, endpoint, region and site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionExtras {
    /// AWS: a role to assume with the key (`arn:aws:iam::123456789012:role/cloudlens`).
    /// Azure: the scope read (`subscriptions/{id}` or
    /// `providers/Microsoft.Billing/billingAccounts/{id}`).
    pub role_arn: Option<String>,
    /// The bucket bill exports are delivered to (the bucket route); Azure:
    /// `STORAGE-ACCOUNT/CONTAINER`.
    pub bucket: Option<String>,
    /// The key prefix the exports are under.
    pub prefix: Option<String>,
    /// Google Cloud: the billing export table, `PROJECT.DATASET.TABLE`.
    pub billing_table: Option<String>,
    /// Google Cloud: the projects to read (bills restricted to them,
    /// inventory read from them); empty for every project of the export
    /// and the key's own project's inventory.
    pub projects: Vec<String>,
}

/// A read-only client of one provider account.
#[derive(Debug, Clone)]
pub enum Client {
    Alibaba(alibaba::Client),
    Tencent(tencent::Client),
    Huawei(huawei::Client),
    Aws(aws::Client),
    Gcp(gcp::Client),
    Azure(azure::Client),
}

macro_rules! each {
    ($self:ident, $c:ident => $e:expr) => {
        match $self {
            Client::Alibaba($c) => $e,
            Client::Tencent($c) => $e,
            Client::Huawei($c) => $e,
            Client::Aws($c) => $e,
            Client::Gcp($c) => $e,
            Client::Azure($c) => $e,
        }
    };
}

impl Client {
    pub fn new(config: ClientConfig, http: reqwest::Client) -> Client {
        match config.kind {
            ProviderKind::Alibaba => Client::Alibaba(alibaba::Client::new(config, http)),
            ProviderKind::Tencent => Client::Tencent(tencent::Client::new(config, http)),
            ProviderKind::Huawei => Client::Huawei(huawei::Client::new(config, http)),
            ProviderKind::Aws => Client::Aws(aws::Client::new(config, http)),
            ProviderKind::Gcp => Client::Gcp(gcp::Client::new(config, http)),
            ProviderKind::Azure => Client::Azure(azure::Client::new(config, http)),
        }
    }

    pub fn kind(&self) -> ProviderKind {
        match self {
            Client::Alibaba(_) => ProviderKind::Alibaba,
            Client::Tencent(_) => ProviderKind::Tencent,
            Client::Huawei(_) => ProviderKind::Huawei,
            Client::Aws(_) => ProviderKind::Aws,
            Client::Gcp(_) => ProviderKind::Gcp,
            Client::Azure(_) => ProviderKind::Azure,
        }
    }

    /// The read-only actions this provider's client may call, `service:Action`.
    pub fn allowed_actions(kind: ProviderKind) -> &'static [&'static str] {
        match kind {
            ProviderKind::Alibaba => alibaba::ALLOWED_ACTIONS,
            ProviderKind::Tencent => tencent::ALLOWED_ACTIONS,
            ProviderKind::Huawei => huawei::ALLOWED_ACTIONS,
            ProviderKind::Aws => aws::ALLOWED_ACTIONS,
            ProviderKind::Gcp => gcp::ALLOWED_ACTIONS,
            ProviderKind::Azure => azure::ALLOWED_ACTIONS,
        }
    }

    pub fn policy_guide(kind: ProviderKind) -> PolicyGuide {
        match kind {
            ProviderKind::Alibaba => alibaba::policy_guide(),
            ProviderKind::Tencent => tencent::policy_guide(),
            ProviderKind::Huawei => huawei::policy_guide(),
            ProviderKind::Aws => aws::policy_guide(),
            ProviderKind::Gcp => gcp::policy_guide(),
            ProviderKind::Azure => azure::policy_guide(),
        }
    }

    /// Calls `action` with `params` through the signer, after the allow-list
    /// check: the one way any request leaves a client. Exposed so a test can
    /// prove that a write action is refused before anything is sent.
    pub async fn call_raw(
        &self,
        action: &str,
        params: &[(&str, &str)],
    ) -> Result<serde_json::Value, ProviderError> {
        each!(self, c => c.call_raw(action, params).await)
    }

    pub fn rate_limit(&self) -> RateLimit {
        each!(self, c => c.rate_limit())
    }

    /// Whether bill windows are single days (the API filters by day) or whole months.
    pub fn bills_by_day(&self) -> bool {
        each!(self, c => c.bills_by_day())
    }

    /// A cheap read-only call that proves the key works and names the account.
    pub async fn check(&self) -> Result<AccountInfo, ProviderError> {
        each!(self, c => c.check().await)
    }

    pub async fn bill_page(
        &self,
        window: &Window,
        cursor: Option<&str>,
    ) -> Result<BillPage, ProviderError> {
        each!(self, c => c.bill_page(window, cursor).await)
    }

    /// One page of the provider's own total for a billing period
    /// (`YYYY-MM`), per currency; `next` leads to the following page.
    pub async fn month_total_page(
        &self,
        month: &str,
        cursor: Option<&str>,
    ) -> Result<MonthTotalPage, ProviderError> {
        each!(self, c => c.month_total_page(month, cursor).await)
    }

    /// Every page of the period's total, added up, with no retries (the
    /// sync engine pages through [`Client::month_total_page`] itself).
    pub async fn month_total(&self, month: &str) -> Result<Vec<MonthTotal>, ProviderError> {
        let mut sums = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = self.month_total_page(month, cursor.as_deref()).await?;
            add_month_totals(&mut sums, page.totals);
            match page.next {
                Some(n) => cursor = Some(n),
                None => return Ok(sums),
            }
        }
    }

    /// Regions to read inventory from: the configured one, or the account's.
    pub async fn regions(&self) -> Result<Vec<String>, ProviderError> {
        each!(self, c => c.regions().await)
    }

    /// The inventory kinds this provider's client reads.
    pub fn inventory_kinds(&self) -> &'static [InventoryKind] {
        each!(self, c => c.inventory_kinds())
    }

    /// Instances one utilisation request covers (0: no utilisation read);
    /// the engine batches by it so each call is one paced request.
    pub fn utilisation_batch(&self) -> usize {
        each!(self, c => c.utilisation_batch())
    }

    pub async fn inventory_page(
        &self,
        kind: InventoryKind,
        region: &str,
        cursor: Option<&str>,
    ) -> Result<InventoryPage, ProviderError> {
        each!(self, c => c.inventory_page(kind, region, cursor).await)
    }

    /// Daily average CPU utilisation of instances from `from` to `to` (exclusive).
    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        each!(self, c => c.utilisation(region, instance_ids, from, to).await)
    }

    /// Requests a second the provider's object storage serves (0: the
    /// client reads no bucket).
    pub fn object_rate(&self) -> u32 {
        match self {
            Client::Aws(c) => c.object_rate(),
            Client::Alibaba(c) => c.object_rate(),
            Client::Tencent(c) => c.object_rate(),
            Client::Huawei(c) => c.object_rate(),
            Client::Azure(c) => c.object_rate(),
            _ => 0,
        }
    }

    /// One page of the objects under the connection's bucket prefix.
    pub async fn list_objects(&self, cursor: Option<&str>) -> Result<ObjectPage, ProviderError> {
        match self {
            Client::Aws(c) => c.list_objects(cursor).await,
            Client::Alibaba(c) => c.list_objects(cursor).await,
            Client::Tencent(c) => c.list_objects(cursor).await,
            Client::Huawei(c) => c.list_objects(cursor).await,
            Client::Azure(c) => c.list_objects(cursor).await,
            _ => Err(no_bucket(self.kind())),
        }
    }

    /// A small object whole (a manifest), with the request id.
    pub async fn read_object(&self, key: &str) -> Result<(Vec<u8>, String), ProviderError> {
        match self {
            Client::Aws(c) => c.read_object(key).await,
            Client::Alibaba(c) => c.read_object(key).await,
            Client::Tencent(c) => c.read_object(key).await,
            Client::Huawei(c) => c.read_object(key).await,
            Client::Azure(c) => c.read_object(key).await,
            _ => Err(no_bucket(self.kind())),
        }
    }

    /// An object's body as a stream.
    pub async fn open_object(&self, key: &str) -> Result<ObjectBody, ProviderError> {
        match self {
            Client::Aws(c) => c.open_object(key).await,
            Client::Alibaba(c) => c.open_object(key).await,
            Client::Tencent(c) => c.open_object(key).await,
            Client::Huawei(c) => c.open_object(key).await,
            Client::Azure(c) => c.open_object(key).await,
            _ => Err(no_bucket(self.kind())),
        }
    }

    /// The listed objects that are export manifests (none where the
    /// provider writes no manifest).
    pub fn manifests(&self, objects: &[ObjectInfo]) -> Vec<ObjectInfo> {
        match self {
            Client::Aws(c) => c.manifests(objects),
            Client::Azure(c) => c.manifests(objects),
            _ => Vec::new(),
        }
    }

    /// The delivery a fetched manifest describes, its files looked up in the listing.
    pub fn delivery(
        &self,
        manifest: &ObjectInfo,
        bytes: &[u8],
        listing: &[ObjectInfo],
    ) -> Result<Delivery, ProviderError> {
        match self {
            Client::Aws(c) => c.delivery(manifest, bytes, listing),
            Client::Azure(c) => c.delivery(manifest, bytes, listing),
            _ => Err(no_bucket(self.kind())),
        }
    }

    /// Deliveries of a bucket without manifests (the Chinese clouds: each
    /// period's newest bill file), and the data files no period could be
    /// read from.
    pub fn deliveries_without_manifest(
        &self,
        objects: &[ObjectInfo],
    ) -> (Vec<Delivery>, Vec<String>) {
        match self {
            Client::Alibaba(c) => c.deliveries_without_manifest(objects),
            Client::Tencent(c) => c.deliveries_without_manifest(objects),
            Client::Huawei(c) => c.deliveries_without_manifest(objects),
            // AWS's and Azure's exports come with manifests; Google's bills
            // come from BigQuery.
            Client::Aws(_) | Client::Azure(_) | Client::Gcp(_) => (Vec::new(), Vec::new()),
        }
    }
}

fn no_bucket(kind: ProviderKind) -> ProviderError {
    ProviderError::new(
        ErrorKind::InvalidRequest,
        format!("{} has no bill export to read from a bucket", kind.as_str()),
    )
}
