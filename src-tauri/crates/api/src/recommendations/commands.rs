//! The savings recommendations' commands (see `crate::commands` for the table's form).

use crate::recommendations::today_of;
use crate::{
    DiscountRowView, Locale, RecommendationDetail, RecommendationList, RecommendationQuery,
    RecommendationSettingsView, RecommendationStatus, RefreshSummary, TableFormat,
};

#[macro_export]
#[doc(hidden)]
macro_rules! recommendations_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* recommendations {
        /// Computes every recommendation from the store as of the session's
        /// day and merges them into the kept ones (stale ones are closed).
        fn refresh_recommendations() -> RefreshSummary
            => session |s| s.with_ready(|cl| cl.refresh_recommendations(today_of(s.now()), s.now()));
        /// The kept recommendations that pass `query`, highest saving first, with totals.
        fn recommendations(query: RecommendationQuery, locale: Locale) -> RecommendationList
            => store |cl| cl.recommendations(&query, locale);
        /// One recommendation with its utilisation chart and history.
        fn recommendation_detail(id: String, locale: Locale) -> RecommendationDetail
            => store |cl| cl.recommendation_detail(&id, locale);
        /// Dismissing needs a reason in `note`; "closed" is set only by a refresh.
        fn set_recommendation_status(id: String, status: RecommendationStatus, note: Option<String>) -> ()
            => change_session |s| s.with_ready(|cl| cl.set_recommendation_status(&id, status, note.as_deref(), "app", s.now()));
        fn recommendation_settings() -> RecommendationSettingsView
            => store |cl| cl.recommendation_settings();
        /// Validates and keeps the thresholds; the next refresh uses them.
        fn save_recommendation_settings(settings: RecommendationSettingsView) -> ()
            => change |cl| cl.save_recommendation_settings(&settings);
        /// Writes the listed recommendations to `path`; returns the row count.
        fn export_recommendations(query: RecommendationQuery, locale: Locale, format: TableFormat, path: String) -> u32
            => store |cl| cl.export_recommendations(&query, locale, format, &path);
        /// List, contracted and effective cost per provider, account and
        /// service, month by month, over the last `months` months.
        fn discount_analysis(months: u32) -> Vec<DiscountRowView>
            => store |cl| cl.discount_analysis(months);
    } } };
}

crate::recommendations_commands!([crate::commands::session_methods]);
