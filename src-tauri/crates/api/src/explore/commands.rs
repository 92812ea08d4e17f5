//! The explorer's commands: queries, pickers, drill-down, table export, view
//! links and saved views (see `crate::commands` for the table's form).

use crate::explore::link::{link, parse};
use crate::{
    ChartStyle, CompareResult, DimensionList, DimensionValues, ExploreMetric, ExploreQuery,
    ExploreResult, ForecastOverlay, Locale, ResourceDetail, SavedView, TableFormat, ViewState,
};

#[macro_export]
#[doc(hidden)]
macro_rules! explore_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* explore {
        /// `style` and `locale` because the core draws the chart.
        fn explore(query: ExploreQuery, style: ChartStyle, locale: Locale) -> ExploreResult
            => store |cl| cl.explore(&query, style, locale);
        /// The day chart again with the forecast of the whole scope after it
        /// (`None` unless the query is by day, in money, with spend).
        fn explore_forecast(query: ExploreQuery, style: ChartStyle, locale: Locale) -> Option<ForecastOverlay>
            => store |cl| cl.explore_forecast(&query, style, locale);
        fn dimensions() -> DimensionList => store |cl| cl.explore_dimensions();
        /// Values of `dimension` with spend from `from` to `to`, highest first,
        /// narrowed by `search` (case-insensitive substring), at most `limit`.
        fn dimension_values(
            dimension: String,
            from: String,
            to: String,
            search: Option<String>,
            limit: u32,
        ) -> DimensionValues
            => store |cl| cl.explore_dimension_values(&dimension, &from, &to, search.as_deref(), limit);
        /// The query's range against the period of the same length just before it.
        fn compare(query: ExploreQuery) -> CompareResult => store |cl| cl.explore_compare(&query);
        /// One resource in the explorer's metric and display currency.
        fn resource_detail(
            resource_id: String,
            from: String,
            to: String,
            metric: ExploreMetric,
            display_currency: Option<String>,
            locale: Locale,
        ) -> ResourceDetail
            => store |cl| cl.explore_resource(&resource_id, (&from, &to), metric, display_currency, locale);
        /// Writes exactly the table the query shows (group totals, with the
        /// previous period's columns when `compare`, or rows per period) to
        /// `path`, headed in `locale`; returns the rows written.
        fn export_table(
            query: ExploreQuery,
            by_period: bool,
            compare: bool,
            format: TableFormat,
            locale: Locale,
            path: String,
        ) -> u32
            => store |cl| cl.export_table(&query, (by_period, compare), format, locale, &path);
        fn saved_views() -> Vec<SavedView> => store |cl| cl.saved_views();
        /// Saves the view under `name`, replacing a view of that name.
        fn save_view(name: String, state: ViewState) -> SavedView
            => change |cl| cl.save_view(&name, &state);
        fn remove_view(name: String) -> () => change |cl| cl.remove_view(&name);
        /// The `cloudlens://explore?...` link of a view state.
        fn view_link(state: ViewState) -> String => session |_| Ok(link(&state));
        /// Reads a copied link back; errors name what is wrong in it.
        fn open_view_link(link: String) -> ViewState => session |_| parse(&link);
    } } };
}

crate::explore_commands!([crate::commands::session_methods]);
