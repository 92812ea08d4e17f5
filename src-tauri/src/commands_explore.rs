//! Explorer, allocation, exchange-rate and saved-view commands: each forwards to the session.

use cloudlens_api::{
    ApiError, ChartStyle, CompareResult, DimensionList, DimensionValues, ExchangeRate,
    ExploreQuery, ExploreResult, Locale, RateImportResult, ResourceDetail, RulePreview, RuleSet,
    RuleVersionView, SavedView, Session, TableFormat, ViewState,
};
use tauri::State;

use crate::commands::blocking;

#[tauri::command]
#[specta::specta]
pub async fn explore(
    session: State<'_, Session>,
    query: ExploreQuery,
    style: ChartStyle,
    locale: Locale,
) -> Result<ExploreResult, ApiError> {
    blocking(&session, move |s| s.explore(query, style, locale)).await
}

#[tauri::command]
#[specta::specta]
pub async fn dimensions(session: State<'_, Session>) -> Result<DimensionList, ApiError> {
    blocking(&session, |s| s.dimensions()).await
}

#[tauri::command]
#[specta::specta]
pub async fn dimension_values(
    session: State<'_, Session>,
    dimension: String,
    from: String,
    to: String,
    search: Option<String>,
    limit: u32,
) -> Result<DimensionValues, ApiError> {
    blocking(&session, move |s| {
        s.dimension_values(dimension, from, to, search, limit)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn compare(
    session: State<'_, Session>,
    query: ExploreQuery,
) -> Result<CompareResult, ApiError> {
    blocking(&session, move |s| s.compare(query)).await
}

#[tauri::command]
#[specta::specta]
pub async fn resource_detail(
    session: State<'_, Session>,
    resource_id: String,
    from: String,
    to: String,
    locale: Locale,
) -> Result<ResourceDetail, ApiError> {
    blocking(&session, move |s| {
        s.resource_detail(resource_id, from, to, locale)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn export_table(
    session: State<'_, Session>,
    query: ExploreQuery,
    by_period: bool,
    format: TableFormat,
    path: String,
) -> Result<u32, ApiError> {
    blocking(&session, move |s| {
        s.export_table(query, by_period, format, path)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn rules(session: State<'_, Session>) -> Result<RuleSet, ApiError> {
    blocking(&session, |s| s.rules()).await
}

#[tauri::command]
#[specta::specta]
pub async fn rules_at(session: State<'_, Session>, version: i64) -> Result<RuleSet, ApiError> {
    blocking(&session, move |s| s.rules_at(version)).await
}

#[tauri::command]
#[specta::specta]
pub async fn rule_versions(session: State<'_, Session>) -> Result<Vec<RuleVersionView>, ApiError> {
    blocking(&session, |s| s.rule_versions()).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_rules(
    session: State<'_, Session>,
    rules: RuleSet,
    note: String,
) -> Result<RuleVersionView, ApiError> {
    blocking(&session, move |s| s.save_rules(rules, note)).await
}

#[tauri::command]
#[specta::specta]
pub async fn preview_rules(
    session: State<'_, Session>,
    rules: RuleSet,
) -> Result<Vec<RulePreview>, ApiError> {
    blocking(&session, move |s| s.preview_rules(rules)).await
}

#[tauri::command]
#[specta::specta]
pub async fn exchange_rates(session: State<'_, Session>) -> Result<Vec<ExchangeRate>, ApiError> {
    blocking(&session, |s| s.exchange_rates()).await
}

#[tauri::command]
#[specta::specta]
pub async fn set_exchange_rate(
    session: State<'_, Session>,
    rate: ExchangeRate,
) -> Result<(), ApiError> {
    blocking(&session, move |s| s.set_exchange_rate(rate)).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_exchange_rate(
    session: State<'_, Session>,
    rate: ExchangeRate,
) -> Result<(), ApiError> {
    blocking(&session, move |s| s.remove_exchange_rate(rate)).await
}

#[tauri::command]
#[specta::specta]
pub async fn import_exchange_rates(
    session: State<'_, Session>,
    path: String,
) -> Result<RateImportResult, ApiError> {
    blocking(&session, move |s| s.import_exchange_rates(path)).await
}

#[tauri::command]
#[specta::specta]
pub async fn saved_views(session: State<'_, Session>) -> Result<Vec<SavedView>, ApiError> {
    blocking(&session, |s| s.saved_views()).await
}

#[tauri::command]
#[specta::specta]
pub async fn save_view(
    session: State<'_, Session>,
    name: String,
    state: ViewState,
) -> Result<SavedView, ApiError> {
    blocking(&session, move |s| s.save_view(name, state)).await
}

#[tauri::command]
#[specta::specta]
pub async fn remove_view(session: State<'_, Session>, name: String) -> Result<(), ApiError> {
    blocking(&session, move |s| s.remove_view(name)).await
}

#[tauri::command]
#[specta::specta]
pub async fn view_link(session: State<'_, Session>, state: ViewState) -> Result<String, ApiError> {
    blocking(&session, move |s| s.view_link(state)).await
}

#[tauri::command]
#[specta::specta]
pub async fn open_view_link(
    session: State<'_, Session>,
    link: String,
) -> Result<ViewState, ApiError> {
    blocking(&session, move |s| s.open_view_link(link)).await
}
