//! The Overview's commands (see `crate::commands` for the table's form).

use crate::{CostMetric, ForecastOverlay, Locale, OverviewView};

#[macro_export]
#[doc(hidden)]
macro_rules! overview_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* overview {
        /// `locale` because the core draws a few chart labels itself;
        /// `display_currency` converts everything into one currency (`None`:
        /// one section per billing currency).
        fn overview(metric: CostMetric, display_currency: Option<String>, locale: Locale) -> OverviewView
            => store |cl| cl.overview(metric, display_currency.as_deref(), locale);
        /// Each currency's daily chart again with the forecast of its total
        /// after it.
        fn overview_forecast(metric: CostMetric, display_currency: Option<String>, locale: Locale) -> Vec<ForecastOverlay>
            => store |cl| cl.overview_forecast(metric, display_currency.as_deref(), locale);
    } } };
}

crate::overview_commands!([crate::commands::session_methods]);
