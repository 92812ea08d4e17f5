//! What a recommendation is: its kind and finding, where it applies, what to
//! do (in both languages, with the console location), the monthly saving in
//! the billing currency, how sure we are, and the evidence behind it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Idle,
    Rightsize,
    Commitment,
    Discount,
    Renewal,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Idle,
        Kind::Rightsize,
        Kind::Commitment,
        Kind::Discount,
        Kind::Renewal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Idle => "idle",
            Kind::Rightsize => "rightsize",
            Kind::Commitment => "commitment",
            Kind::Discount => "discount",
            Kind::Renewal => "renewal",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The specific finding within a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    UnattachedDisk,
    UnassociatedIp,
    StoppedBilled,
    IdleInstance,
    IdleDatabase,
    NoTraffic,
    ProjectEnded,
    Rightsize,
    BuyCommitment,
    UnusedCommitment,
    SubscriptionToPayg,
    NoNegotiatedDiscount,
    DiscountDropped,
    Renewal,
}

impl Finding {
    pub fn kind(self) -> Kind {
        match self {
            Finding::UnattachedDisk
            | Finding::UnassociatedIp
            | Finding::StoppedBilled
            | Finding::IdleInstance
            | Finding::IdleDatabase
            | Finding::NoTraffic
            | Finding::ProjectEnded => Kind::Idle,
            Finding::Rightsize => Kind::Rightsize,
            Finding::BuyCommitment | Finding::UnusedCommitment | Finding::SubscriptionToPayg => {
                Kind::Commitment
            }
            Finding::NoNegotiatedDiscount | Finding::DiscountDropped => Kind::Discount,
            Finding::Renewal => Kind::Renewal,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Finding::UnattachedDisk => "unattached_disk",
            Finding::UnassociatedIp => "unassociated_ip",
            Finding::StoppedBilled => "stopped_billed",
            Finding::IdleInstance => "idle_instance",
            Finding::IdleDatabase => "idle_database",
            Finding::NoTraffic => "no_traffic",
            Finding::ProjectEnded => "project_ended",
            Finding::Rightsize => "rightsize",
            Finding::BuyCommitment => "buy_commitment",
            Finding::UnusedCommitment => "unused_commitment",
            Finding::SubscriptionToPayg => "subscription_to_payg",
            Finding::NoNegotiatedDiscount => "no_negotiated_discount",
            Finding::DiscountDropped => "discount_dropped",
            Finding::Renewal => "renewal",
        }
    }
}

/// A user-facing sentence in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// What the following bills are read for once the user marks a
/// recommendation done, to measure the saving that happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Measure {
    /// The resource's own cost lines (all of them).
    Resource { id: String },
    /// The cost lines of resources that go together (an instance and its disks).
    Resources { ids: Vec<String> },
    /// A commitment's unused share.
    CommitmentUnused { id: String },
    /// Pay-as-you-go usage of one group (provider key, account, service,
    /// region, family) — what a commitment purchase replaces.
    OnDemand {
        provider: String,
        billing_account: String,
        service: String,
        region: String,
        family: String,
    },
    /// Nothing the bills can show (renewals, discount talks).
    Unmeasured,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryEvidence {
    pub kind: String,
    pub state: String,
    pub size: Option<String>,
    pub attached: Option<bool>,
    pub attached_to: Option<String>,
    pub billing_mode: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub auto_renew: Option<bool>,
    pub created_on: Option<NaiveDate>,
    /// When the inventory was last read: the date of these facts.
    pub seen_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtilPoint {
    pub day: NaiveDate,
    /// Percent (a ratio, not money).
    pub cpu: f64,
    pub memory: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UtilisationEvidence {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Days with a sample.
    pub days: u32,
    pub cpu_p95: f64,
    pub cpu_mean: f64,
    pub cpu_max: f64,
    pub memory_p95: Option<f64>,
    /// The threshold the finding compared against (percent).
    pub threshold: f64,
    pub series: Vec<UtilPoint>,
}

/// One meter's lines in the evidence window, summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEvidenceLine {
    pub description: String,
    pub charge_category: String,
    pub pricing_category: Option<String>,
    pub pricing_unit: Option<String>,
    pub quantity: Decimal,
    pub billed: Decimal,
    pub effective: Decimal,
    pub unit_price: Option<Decimal>,
    pub lines: u32,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEvidence {
    /// First and last charge day summed (inclusive).
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub currency: String,
    pub billed: Decimal,
    pub effective: Decimal,
    pub list: Decimal,
    pub lines: Vec<CostEvidenceLine>,
}

/// List, contracted and effective cost of one month, with the discount rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscountPoint {
    pub month: String,
    pub list: Decimal,
    pub contracted: Decimal,
    pub effective: Decimal,
    /// `1 - contracted / list`, percent with two decimals.
    pub negotiated_rate: Option<Decimal>,
    /// `1 - effective / list`, percent with two decimals.
    pub effective_rate: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The last charge day the analysis read.
    pub as_of: NaiveDate,
    pub inventory: Option<InventoryEvidence>,
    pub utilisation: Option<UtilisationEvidence>,
    pub costs: Option<CostEvidence>,
    pub discounts: Vec<DiscountPoint>,
    /// Named figures of the finding (target size, break-even month...), as text.
    pub figures: BTreeMap<String, String>,
}

impl Evidence {
    pub fn new(as_of: NaiveDate) -> Self {
        Evidence {
            as_of,
            inventory: None,
            utilisation: None,
            costs: None,
            discounts: Vec::new(),
            figures: BTreeMap::new(),
        }
    }

    pub fn figure(&mut self, key: &str, value: impl ToString) -> &mut Self {
        self.figures.insert(key.to_string(), value.to_string());
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Stable across runs for the same finding on the same thing.
    pub id: String,
    pub kind: Kind,
    pub finding: Finding,
    /// FOCUS ProviderName (`AWS`, `Alibaba Cloud`...).
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub service: Option<String>,
    pub resource: Option<String>,
    pub resource_name: Option<String>,
    pub action: Text,
    /// Where in the provider's console the user does it.
    pub console: Text,
    /// Estimated saving per month (30 days) in `currency`, rounded to the cent once.
    pub monthly_saving: Decimal,
    pub currency: String,
    /// 0 to 1.
    pub confidence: f64,
    pub evidence: Evidence,
    /// Changes when the facts the finding rests on change (not with money).
    pub fingerprint: String,
    /// The monthly cost the saving is measured against once done.
    pub baseline_monthly: Decimal,
    pub measure: Measure,
}
