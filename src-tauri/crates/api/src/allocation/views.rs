//! View models of allocation: virtual tags, shared costs, rule versions and
//! the preview of a rule set.

use serde::{Deserialize, Serialize};
use specta::Type;

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

/// Every allocation rule, saved together as one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RuleSet {
    pub virtual_tags: Vec<VirtualTag>,
    pub shared_costs: Vec<SharedCostRule>,
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
