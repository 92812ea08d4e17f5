//! View models of the recommendations: money as exact decimal strings,
//! texts in the requested language, times as RFC 3339.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ChartView, Locale};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationKind {
    Idle,
    Rightsize,
    Commitment,
    Discount,
    Renewal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationStatus {
    Open,
    Accepted,
    Dismissed,
    Done,
    /// No longer applies (resource gone or changed); set by a run.
    Closed,
}

/// Which recommendations to list. Empty lists select everything; no status
/// selects all but the closed ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecommendationQuery {
    pub kinds: Vec<RecommendationKind>,
    /// Provider names or keys (`AWS`, `aws`, `Alibaba Cloud`, `alibaba`).
    pub providers: Vec<String>,
    pub status: Option<RecommendationStatus>,
    /// Matched without case against resource, name, account, region and action.
    pub search: Option<String>,
    /// Also show savings in this currency, at the latest stored rate.
    pub display_currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FigureView {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct InventoryEvidenceView {
    pub kind: String,
    pub state: String,
    pub size: Option<String>,
    pub attached: Option<bool>,
    pub attached_to: Option<String>,
    pub billing_mode: Option<String>,
    pub expires_on: Option<String>,
    pub auto_renew: Option<bool>,
    pub created_on: Option<String>,
    /// The date of these facts.
    pub seen_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct UtilisationEvidenceView {
    pub from: String,
    pub to: String,
    pub days: u32,
    pub cpu_p95: f64,
    pub cpu_mean: f64,
    pub cpu_max: f64,
    pub memory_p95: Option<f64>,
    pub threshold: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CostLineEvidenceView {
    pub description: String,
    pub charge_category: String,
    pub pricing_category: Option<String>,
    pub pricing_unit: Option<String>,
    pub quantity: String,
    pub billed: String,
    pub effective: String,
    pub unit_price: Option<String>,
    pub lines: u32,
    pub first_day: String,
    pub last_day: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CostEvidenceView {
    pub from: String,
    pub to: String,
    pub currency: String,
    pub billed: String,
    pub effective: String,
    pub list: String,
    pub lines: Vec<CostLineEvidenceView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DiscountPointView {
    pub month: String,
    pub list: String,
    pub contracted: String,
    pub effective: String,
    pub negotiated_rate: Option<String>,
    pub effective_rate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EvidenceView {
    /// The last charge day read.
    pub as_of: String,
    pub inventory: Option<InventoryEvidenceView>,
    pub utilisation: Option<UtilisationEvidenceView>,
    pub costs: Option<CostEvidenceView>,
    pub discounts: Vec<DiscountPointView>,
    pub figures: Vec<FigureView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecommendationView {
    pub id: String,
    pub kind: RecommendationKind,
    /// The specific finding (`unattached_disk`, `rightsize`, `buy_commitment`...).
    pub finding: String,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub region: Option<String>,
    pub service: Option<String>,
    /// Opens the resource's drill-down when set.
    pub resource: Option<String>,
    pub resource_name: Option<String>,
    pub action: String,
    /// Where in the provider's console to do it.
    pub console: String,
    pub monthly_saving: String,
    pub currency: String,
    /// The saving in the query's display currency, where a rate is known.
    pub display_saving: Option<String>,
    pub confidence: f64,
    pub status: RecommendationStatus,
    /// The reason given with the last status change (a dismissal's reason).
    pub status_note: Option<String>,
    /// Why a run closed it: `resource_gone` or `no_longer_applies`.
    pub closed_reason: Option<String>,
    pub first_seen: String,
    pub updated_at: String,
    pub done_at: Option<String>,
    /// Measured from the bills after "done".
    pub realised_saving: Option<String>,
    /// Whether a whole month of bills after "done" has been read.
    pub realised_complete: bool,
    pub evidence: EvidenceView,
}

/// A sum of monthly savings in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SavingTotal {
    /// A kind (`idle`...) or a provider name.
    pub group: String,
    pub currency: String,
    pub amount: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecommendationList {
    /// The last charge day the bills reach.
    pub as_of: Option<String>,
    pub items: Vec<RecommendationView>,
    /// Potential savings of the open and accepted ones in the list.
    pub potential_by_kind: Vec<SavingTotal>,
    pub potential_by_provider: Vec<SavingTotal>,
    /// Realised savings of the done ones in the list.
    pub realised_by_kind: Vec<SavingTotal>,
    pub realised_by_provider: Vec<SavingTotal>,
    /// Potential savings of the open and accepted ones in the display
    /// currency; the billing currencies with no rate to it are listed apart
    /// and left out of the sum.
    pub display_potential: Option<String>,
    pub missing_rates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RecommendationEventView {
    pub at: String,
    pub who: String,
    pub from: Option<RecommendationStatus>,
    pub to: RecommendationStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RecommendationDetail {
    pub item: RecommendationView,
    /// Utilisation over the days the finding read, with its threshold.
    pub chart: Option<ChartView>,
    pub history: Vec<RecommendationEventView>,
}

/// What a run of the engine did to the kept recommendations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RefreshSummary {
    pub found: u32,
    pub created: u32,
    pub updated: u32,
    pub changed: u32,
    pub reopened: u32,
    pub closed: u32,
    /// Done ones whose realised saving was measured.
    pub measured: u32,
}

/// The user's thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RecommendationSettingsView {
    pub idle_cpu_percent: f64,
    pub idle_lookback_days: u32,
    pub rightsize_lookback_days: u32,
    pub rightsize_min_days: u32,
    pub rightsize_target_cpu_percent: f64,
    pub rightsize_target_memory_percent: f64,
    pub commitment_lookback_days: u32,
    /// Decimal string.
    pub min_monthly_saving: String,
    pub renewal_horizon_days: u32,
    /// Decimal string, percentage points.
    pub discount_drop_points: String,
    pub ended_projects: Vec<EndedProjectView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct EndedProjectView {
    pub tag_key: String,
    pub tag_value: String,
    /// `YYYY-MM-DD`.
    pub ended_on: String,
}

/// One month of one provider, billing account and service: list against
/// contracted (the negotiated discount) and effective (with commitments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DiscountRowView {
    pub provider: String,
    pub billing_account: String,
    pub service: String,
    pub currency: String,
    pub month: String,
    pub list: String,
    pub contracted: String,
    pub effective: String,
    /// Percent, two decimals; `None` without list cost.
    pub negotiated_rate: Option<String>,
    pub effective_rate: Option<String>,
    /// List cost paid in full: no negotiated discount applies.
    pub no_discount: bool,
    /// Points the negotiated rate moved since the previous month (one point
    /// or more), e.g. "-9.5"; `None` when it held.
    pub rate_change: Option<String>,
}

/// Labels the engine's chart needs, in the user's language.
pub(crate) fn chart_labels(locale: Locale) -> cloudlens_charts::UtilisationLabels<'static> {
    match locale {
        Locale::En => cloudlens_charts::UtilisationLabels {
            cpu: "CPU %",
            memory: "Memory %",
            threshold: "Threshold",
        },
        Locale::ZhCn => cloudlens_charts::UtilisationLabels {
            cpu: "CPU 使用率 %",
            memory: "内存使用率 %",
            threshold: "阈值",
        },
    }
}
