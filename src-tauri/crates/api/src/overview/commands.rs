//! The Overview's commands (see `crate::commands` for the table's form).

use crate::{CostMetric, ForecastOverlay, Locale, OverviewView};

#[macro_export]
#[doc(hidden)]
macro_rules! overview_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* overview {
        /// `locale` because the core draws a few chart labels itself.
        fn overview(metric: CostMetric, locale: Locale) -> OverviewView
            => store |cl| cl.overview(metric, locale);
        /// Each currency's daily chart again with the forecast of its total
        /// after it.
        fn overview_forecast(metric: CostMetric, locale: Locale) -> Vec<ForecastOverlay>
            => store |cl| cl.overview_forecast(metric, locale);
    } } };
}

crate::overview_commands!([crate::commands::session_methods]);
