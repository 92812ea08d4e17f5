//! Where each billing period's lines come from. A scope (provider, billing
//! account, billing period) fed by several sources (imported files, a bill
//! API sync, a bucket export) keeps one source's lines; here the user sees
//! which one holds each period and the others kept aside, and may prefer a
//! route for a provider instead of the automatic rule (complete before
//! partial, itemised before a daily summary, then the most recent).

mod commands;
pub(crate) mod views;

use std::collections::BTreeMap;

use cloudlens_ingest::pipeline::period_label;
use cloudlens_store::{AuditAction, AuditRecord, Detail, Route, ScopeSourceRecord};

use crate::{
    ApiError, CloudLens, ErrorCode, ScopeSourcesView, SourceOriginView, SourcePreferenceView,
};

impl CloudLens {
    /// Every period fed by more than the demo, newest first per account,
    /// with the source holding it first; and the user's preferences.
    pub fn scope_sources(&self) -> Result<ScopeSourcesView, ApiError> {
        let reader = self.reader()?;
        let records = reader.sources().scope_sources()?;
        let preferences = reader
            .sources()
            .source_preferences()?
            .into_iter()
            .map(|(provider, route)| SourcePreferenceView { provider, route })
            .collect();
        Ok(ScopeSourcesView {
            scopes: group(records),
            preferences,
        })
    }

    /// Prefers `route` (`file`, `api` or `bucket`) for every scope of
    /// `provider`, or goes back to the automatic rule (`None`); every scope
    /// settles again at once, and the change is in the audit log.
    pub fn set_source_preference(
        &self,
        provider: &str,
        route: Option<&str>,
    ) -> Result<(), ApiError> {
        let provider = provider.trim();
        if provider.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "name a provider"));
        }
        let route = match route {
            None => None,
            Some(r) => Some(Route::parse(r).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("`{r}` is not a source: expected file, api or bucket"),
                )
            })?),
        };
        let before = self
            .reader()?
            .sources()
            .source_preferences()?
            .into_iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(provider))
            .map_or_else(|| "automatic".to_string(), |(_, r)| r);
        let after = route.map_or("automatic", Route::as_str);
        let record = AuditRecord::new(AuditAction::SettingSet, format!("source:{provider}"))
            .before(before)
            .after(after);
        self.change(|store| {
            store.sources_mut().set_source_preference(provider, route)?;
            Ok(((), Some(record)))
        })
    }
}

/// One view per scope, its origins in the store's order (the one holding
/// it first, then the most recent).
fn group(records: Vec<ScopeSourceRecord>) -> Vec<crate::ScopeSourceView> {
    let mut scopes: BTreeMap<(String, String, i64), Vec<SourceOriginView>> = BTreeMap::new();
    for r in records {
        scopes
            .entry((r.provider, r.billing_account, r.period_start))
            .or_default()
            .push(SourceOriginView {
                origin: r.origin,
                route: r.route,
                detail: match r.detail {
                    Detail::DailySummary => "daily_summary",
                    Detail::Itemised => "itemised",
                }
                .to_string(),
                complete: r.complete,
                active: r.active,
                at: r.at,
            });
    }
    let mut out: Vec<crate::ScopeSourceView> = scopes
        .into_iter()
        .map(
            |((provider, billing_account, start), origins)| crate::ScopeSourceView {
                provider,
                billing_account,
                month: period_label(start),
                origins,
            },
        )
        .collect();
    out.sort_by(|a, b| {
        (&a.provider, &a.billing_account)
            .cmp(&(&b.provider, &b.billing_account))
            .then(b.month.cmp(&a.month))
    });
    out
}
