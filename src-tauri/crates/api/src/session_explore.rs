//! The explorer, allocation rules, exchange rates and saved views, as the
//! session serves them. PLACEHOLDER bodies until the explorer engine lands.

use crate::{
    ApiError, ChartStyle, CompareResult, DimensionList, DimensionValues, ErrorCode, ExchangeRate,
    ExploreQuery, ExploreResult, Locale, RateImportResult, ResourceDetail, RulePreview, RuleSet,
    RuleVersionView, SavedView, Session, TableFormat, ViewState,
};

fn pending() -> ApiError {
    ApiError::new(ErrorCode::Internal, "the explorer is not built yet")
}

#[allow(unused_variables)]
impl Session {
    pub fn explore(
        &self,
        query: ExploreQuery,
        style: ChartStyle,
        locale: Locale,
    ) -> Result<ExploreResult, ApiError> {
        Err(pending())
    }

    pub fn dimensions(&self) -> Result<DimensionList, ApiError> {
        Err(pending())
    }

    /// Values of `dimension` with spend from `from` to `to`, narrowed by
    /// `search` (case-insensitive substring), at most `limit`.
    pub fn dimension_values(
        &self,
        dimension: String,
        from: String,
        to: String,
        search: Option<String>,
        limit: u32,
    ) -> Result<DimensionValues, ApiError> {
        Err(pending())
    }

    /// The query's range against the period of the same length just before it.
    pub fn compare(&self, query: ExploreQuery) -> Result<CompareResult, ApiError> {
        Err(pending())
    }

    pub fn resource_detail(
        &self,
        resource_id: String,
        from: String,
        to: String,
        locale: Locale,
    ) -> Result<ResourceDetail, ApiError> {
        Err(pending())
    }

    /// Writes exactly the table the query shows (group totals, or rows per
    /// period) to `path`; returns the rows written.
    pub fn export_table(
        &self,
        query: ExploreQuery,
        by_period: bool,
        format: TableFormat,
        path: String,
    ) -> Result<u32, ApiError> {
        Err(pending())
    }

    pub fn rules(&self) -> Result<RuleSet, ApiError> {
        Err(pending())
    }

    pub fn rules_at(&self, version: i64) -> Result<RuleSet, ApiError> {
        Err(pending())
    }

    pub fn rule_versions(&self) -> Result<Vec<RuleVersionView>, ApiError> {
        Err(pending())
    }

    /// Saves the whole rule set as a new version.
    pub fn save_rules(&self, rules: RuleSet, note: String) -> Result<RuleVersionView, ApiError> {
        Err(pending())
    }

    /// What `rules` would change against the current version, before saving.
    pub fn preview_rules(&self, rules: RuleSet) -> Result<Vec<RulePreview>, ApiError> {
        Err(pending())
    }

    pub fn exchange_rates(&self) -> Result<Vec<ExchangeRate>, ApiError> {
        Err(pending())
    }

    /// Adds or replaces the rate for (date, from, to).
    pub fn set_exchange_rate(&self, rate: ExchangeRate) -> Result<(), ApiError> {
        Err(pending())
    }

    pub fn remove_exchange_rate(&self, rate: ExchangeRate) -> Result<(), ApiError> {
        Err(pending())
    }

    /// Imports `date,from,to,rate` rows from a CSV file.
    pub fn import_exchange_rates(&self, path: String) -> Result<RateImportResult, ApiError> {
        Err(pending())
    }

    pub fn saved_views(&self) -> Result<Vec<SavedView>, ApiError> {
        Err(pending())
    }

    pub fn save_view(&self, name: String, state: ViewState) -> Result<SavedView, ApiError> {
        Err(pending())
    }

    pub fn remove_view(&self, name: String) -> Result<(), ApiError> {
        Err(pending())
    }

    /// The `cloudlens://explore?...` link of a view state.
    pub fn view_link(&self, state: ViewState) -> Result<String, ApiError> {
        Err(pending())
    }

    /// Reads a copied link back; errors name what is wrong in it.
    pub fn open_view_link(&self, link: String) -> Result<ViewState, ApiError> {
        Err(pending())
    }
}
