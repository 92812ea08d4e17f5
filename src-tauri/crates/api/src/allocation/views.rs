//! View models of allocation: virtual tags, shared costs, rule versions and
//! the preview of a rule set.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ExploreMetric, MissingRate};

/// A condition of a virtual-tag rule or a shared-cost scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchOp {
    /// Equals one of `values`.
    In,
    NotIn,
    /// Contains `values[0]`, case-insensitive.
    Contains,
    /// Starts with `values[0]`.
    StartsWith,
    /// The dimension or tag is absent.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Condition {
    pub dimension: String,
    pub op: MatchOp,
    pub values: Vec<String>,
}

/// A virtual-tag rule: when every condition holds, the tag gets `value`, or,
/// with `value_from` (a dimension name such as `tag:owner`), the line's value
/// of that dimension; a line without one falls through to the next rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct VirtualTagRule {
    pub conditions: Vec<Condition>,
    pub value: String,
    /// Rule sets saved before rules could read a value have none.
    #[serde(default)]
    pub value_from: Option<String>,
}

/// A virtual tag: ordered rules, the first match wins; no match leaves the
/// line untagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct VirtualTag {
    pub name: String,
    pub rules: Vec<VirtualTagRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SplitMethod {
    Even,
    /// In proportion to each target's own (non-shared) cost in the same period.
    Proportional,
    /// Percentages as decimal strings; they must add up to 100.
    Fixed {
        percents: Vec<String>,
    },
}

/// Split the cost matching `scope` across the values of `target_dimension`
/// listed in `targets` (usually `vtag:team`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SharedCostRule {
    pub name: String,
    pub scope: Vec<Condition>,
    pub target_dimension: String,
    pub targets: Vec<String>,
    pub method: SplitMethod,
}

/// Tag keys read as one: `aliases` (other spellings such as `Team` beside
/// `team`, or `env` beside `Environment`) read as `canonical` wherever a tag
/// is read. A line carrying several takes the canonical key's value first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TagKeyMerge {
    pub canonical: String,
    pub aliases: Vec<String>,
}

/// Every allocation rule, saved together as one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RuleSet {
    pub virtual_tags: Vec<VirtualTag>,
    pub shared_costs: Vec<SharedCostRule>,
    /// Rule sets saved before keys could be merged have none.
    #[serde(default)]
    pub tag_keys: Vec<TagKeyMerge>,
}

/// How finely the tag coverage splits spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CoverageLevel {
    Provider,
    BillingAccount,
    Service,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CoverageQuery {
    /// `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// `YYYY-MM-DD`, exclusive.
    pub to: String,
    pub level: CoverageLevel,
    /// A cost metric (usage is refused).
    pub metric: ExploreMetric,
    /// Converts at each charge day's rate; `None` keeps billing currencies.
    pub display_currency: Option<String>,
}

/// Per scope, its spend and the part carrying each tag key (after merges).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TagCoverage {
    /// Merged tag keys, sorted; `rows[i].tagged[j]` is for `keys[j]`.
    pub keys: Vec<String>,
    pub rows: Vec<CoverageRow>,
    pub missing_rates: Vec<MissingRate>,
    /// The date of the latest rate the conversion read (the rate table's
    /// source), when converting.
    pub rates_through: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CoverageRow {
    pub provider: String,
    /// `None` at the provider level.
    pub billing_account: Option<String>,
    /// `None` above the service level.
    pub service: Option<String>,
    pub currency: String,
    /// Exact decimal.
    pub total: String,
    /// Exact decimal per key.
    pub tagged: Vec<String>,
    /// Per key, `tagged` as a percentage of `total` with two decimals
    /// (`None` when the total is zero, as with credits netting out).
    pub shares: Vec<Option<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RuleVersionView {
    pub version: i64,
    /// RFC 3339.
    pub saved_at: String,
    pub note: String,
}

/// What saving a rule set would change: per virtual tag value, the spend
/// that moves in and out, over the last 30 days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RulePreview {
    pub tag: String,
    pub rows: Vec<RulePreviewRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RulePreviewRow {
    pub value: Option<String>,
    pub currency: String,
    pub before: String,
    pub after: String,
    pub resources_before: u32,
    pub resources_after: u32,
}
