//! The explorer and its saved views, as the session serves them: each
//! forwards to the open store's `CloudLens`.

use crate::explore::convert::invalid;
use crate::{
    ApiError, ChartStyle, CompareResult, DimensionList, DimensionValues, ExploreQuery,
    ExploreResult, Locale, ResourceDetail, SavedView, Session, TableFormat, ViewState,
};

impl Session {
    pub fn explore(
        &self,
        query: ExploreQuery,
        style: ChartStyle,
        locale: Locale,
    ) -> Result<ExploreResult, ApiError> {
        self.with_ready(|cl| cl.explore(&query, style, locale))
    }

    pub fn dimensions(&self) -> Result<DimensionList, ApiError> {
        self.with_ready(|cl| cl.explore_dimensions())
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
        self.with_ready(|cl| {
            cl.explore_dimension_values(&dimension, &from, &to, search.as_deref(), limit)
        })
    }

    /// The query's range against the period of the same length just before it.
    pub fn compare(&self, query: ExploreQuery) -> Result<CompareResult, ApiError> {
        self.with_ready(|cl| cl.explore_compare(&query))
    }

    pub fn resource_detail(
        &self,
        resource_id: String,
        from: String,
        to: String,
        locale: Locale,
    ) -> Result<ResourceDetail, ApiError> {
        self.with_ready(|cl| cl.explore_resource(&resource_id, &from, &to, locale))
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
        self.with_ready(|cl| cl.export_table(&query, by_period, format, &path))
    }

    pub fn saved_views(&self) -> Result<Vec<SavedView>, ApiError> {
        self.with_ready(|cl| {
            Ok(cl
                .reader()?
                .allocation()
                .saved_views()?
                .into_iter()
                .map(|v| SavedView {
                    name: v.name,
                    link: v.link,
                    saved_at: crate::allocation::rules::rfc3339(v.saved_at),
                })
                .collect())
        })
    }

    pub fn save_view(&self, name: String, state: ViewState) -> Result<SavedView, ApiError> {
        let name = name.trim().to_string();
        if name.is_empty() {
            return Err(invalid("name: expected a view name"));
        }
        let link = crate::explore::link::link(&state);
        let now = self.now();
        self.with_ready(|cl| {
            cl.writer()?.allocation_mut().save_view(&name, &link, now)?;
            Ok(SavedView {
                name: name.clone(),
                link: link.clone(),
                saved_at: crate::allocation::rules::rfc3339(now),
            })
        })
    }

    pub fn remove_view(&self, name: String) -> Result<(), ApiError> {
        self.with_ready(|cl| {
            if cl.writer()?.allocation_mut().remove_view(&name)? {
                Ok(())
            } else {
                Err(invalid(format!("no saved view named {name:?}")))
            }
        })
    }

    /// The `cloudlens://explore?...` link of a view state.
    pub fn view_link(&self, state: ViewState) -> Result<String, ApiError> {
        Ok(crate::explore::link::link(&state))
    }

    /// Reads a copied link back; errors name what is wrong in it.
    pub fn open_view_link(&self, link: String) -> Result<ViewState, ApiError> {
        crate::explore::link::parse(&link)
    }
}
