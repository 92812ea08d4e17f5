//! View models of where each period's lines come from.

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScopeSourcesView {
    pub scopes: Vec<ScopeSourceView>,
    /// Providers with a preferred route; the others follow the automatic rule.
    pub preferences: Vec<SourcePreferenceView>,
}

/// One billing period of one billing account and the sources feeding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ScopeSourceView {
    /// The provider as its lines name it (`AWS`, `Alibaba Cloud`).
    pub provider: String,
    pub billing_account: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The one holding the period first, then the others, newest first.
    pub origins: Vec<SourceOriginView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SourceOriginView {
    /// The connection's name, or `file` for imported files.
    pub origin: String,
    /// `file`, `api` or `bucket`.
    pub route: String,
    /// `itemised` (the bill's own lines) or `daily_summary`.
    pub detail: String,
    /// Whether the source states the whole period.
    pub complete: bool,
    /// Whether its lines are the ones counted; the others are kept aside.
    pub active: bool,
    /// Unix seconds of its latest run in the period.
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SourcePreferenceView {
    pub provider: String,
    /// `file`, `api` or `bucket`.
    pub route: String,
}
