//! What the clients return, shared by every provider.

use chrono::NaiveDate;
use cloudlens_model::{CostLine, Decimal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProviderKind {
    Alibaba,
    Tencent,
    Huawei,
    Aws,
    Gcp,
    Azure,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 6] = [
        Self::Alibaba,
        Self::Tencent,
        Self::Huawei,
        Self::Aws,
        Self::Gcp,
        Self::Azure,
    ];

    /// The name used by the CLI, the store and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alibaba => "alibaba",
            Self::Tencent => "tencent",
            Self::Huawei => "huawei",
            Self::Aws => "aws",
            Self::Gcp => "gcp",
            Self::Azure => "azure",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One idempotent unit of sync work: a billing account's billing period, or
/// one day of it where the provider's API filters by day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Window {
    pub billing_account: String,
    /// `YYYY-MM`, the provider's own billing cycle.
    pub month: String,
    pub day: Option<NaiveDate>,
}

impl Window {
    /// A stable key, e.g. `1234567890/2025-03` or `1234567890/2025-03/2025-03-07`.
    pub fn key(&self) -> String {
        match self.day {
            Some(d) => format!("{}/{}/{}", self.billing_account, self.month, d),
            None => format!("{}/{}", self.billing_account, self.month),
        }
    }
}

/// One page of bill lines, already in the canonical model.
#[derive(Debug, Clone)]
pub struct BillPage {
    pub lines: Vec<CostLine>,
    /// The cursor of the next page (NextToken, or an offset as text); `None` on the last page.
    pub next: Option<String>,
    /// The provider's request id, kept as provenance.
    pub request_id: String,
}

/// A billing period's total as the provider states it, to reconcile the synced lines against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotal {
    pub currency: String,
    pub billed: Decimal,
}

/// One page of a period's total (some providers state it only as the sum
/// of a paged list); the sync engine fetches each page under its rate limit
/// and retries, and adds them up with [`add_month_totals`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthTotalPage {
    pub totals: Vec<MonthTotal>,
    pub next: Option<String>,
}

/// Adds a page's totals into `sums`, per currency.
pub fn add_month_totals(sums: &mut Vec<MonthTotal>, page: Vec<MonthTotal>) {
    for t in page {
        match sums.iter_mut().find(|s| s.currency == t.currency) {
            Some(s) => s.billed += t.billed,
            None => sums.push(t),
        }
    }
    sums.sort_by(|a, b| a.currency.cmp(&b.currency));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InventoryKind {
    Instance,
    Disk,
    Ip,
}

impl InventoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Instance => "instance",
            Self::Disk => "disk",
            Self::Ip => "ip",
        }
    }
}

/// A resource from the provider's inventory, joined to cost lines by `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub kind: InventoryKind,
    pub id: String,
    pub name: Option<String>,
    pub region: String,
    /// The provider's state word (`Running`, `In_use`, `ACTIVE`...).
    pub state: String,
    /// Instance type, disk size in GiB, or bandwidth: the provider's own words.
    pub size: Option<String>,
    pub tags: Vec<(String, String)>,
    /// Unix seconds.
    pub created_at: Option<i64>,
    /// Attachment and billing terms, where the inventory API states them.
    pub terms: Terms,
}

/// How a resource is billed and what it is attached to; `None` where the
/// provider's inventory answer does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// A disk attached, or an address associated, to something.
    pub attached: Option<bool>,
    /// The instance (or other resource) it is attached to.
    pub attached_to: Option<String>,
    pub billing_mode: Option<BillingMode>,
    /// When a subscription ends (Unix seconds); only for subscriptions.
    pub expires_at: Option<i64>,
    pub auto_renew: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillingMode {
    /// Prepaid by the month or year (包年包月).
    Subscription,
    PayAsYouGo,
}

impl BillingMode {
    /// The store's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subscription => "subscription",
            Self::PayAsYouGo => "pay_as_you_go",
        }
    }
}

impl Terms {
    /// A disk's or address's attachment: to what `to` names, or to nothing
    /// (an empty name is nothing).
    pub fn attachment(to: Option<String>) -> Self {
        let attached_to = to.filter(|s| !s.is_empty());
        Self {
            attached: Some(attached_to.is_some()),
            attached_to,
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone)]
pub struct InventoryPage {
    pub items: Vec<Resource>,
    pub next: Option<String>,
    pub request_id: String,
}

/// One utilisation sample: average CPU percent over the sample's period.
/// A ratio, not money, so `f64` is fine here. Memory is not among them:
/// none of the providers' monitoring APIs reports a guest's memory without
/// an agent inside it (CloudMonitor's `memory_usedutilization`, Tencent's
/// `MemUsage`, Cloud Eye's `mem_util` and CloudWatch's `mem_used_percent`
/// all come from an agent or guest tools), and the clients install nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct UtilPoint {
    pub resource_id: String,
    /// Unix seconds at the start of the sample.
    pub at: i64,
    pub cpu_percent: f64,
}

/// What a connection test learns about the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountInfo {
    pub billing_account: String,
    pub name: Option<String>,
}

/// The documented request rates (per second) the client stays under, one
/// per family of APIs: the providers meter each API separately, so bills
/// and inventory are fetched side by side, each at its own quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Bill lines, month totals and the account check.
    pub bills: u32,
    /// Regions, instances, disks and addresses.
    pub inventory: u32,
    /// Utilisation metrics.
    pub monitor: u32,
}

/// Which quota a call draws on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiFamily {
    Bills,
    Inventory,
    Monitor,
}

impl RateLimit {
    pub fn of(&self, family: ApiFamily) -> u32 {
        match family {
            ApiFamily::Bills => self.bills,
            ApiFamily::Inventory => self.inventory,
            ApiFamily::Monitor => self.monitor,
        }
    }
}

/// The billing month (`YYYY-MM`) of the Chinese clouds at `unix` seconds:
/// they bill by the calendar month of Beijing time (UTC+8).
pub(crate) fn china_month(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix + 8 * 3600, 0)
        .unwrap_or_default()
        .format("%Y-%m")
        .to_string()
}

/// What the user grants so that CloudLens can read and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyGuide {
    /// Managed policy names (e.g. `AliyunBSSReadOnlyAccess`).
    pub managed_policies: Vec<String>,
    /// A custom policy document granting exactly the allow-listed actions.
    pub custom_policy: String,
    /// The allow-listed actions, `service:Action`.
    pub actions: Vec<String>,
}
