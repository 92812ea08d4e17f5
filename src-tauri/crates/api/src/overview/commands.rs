//! The Overview's commands (see `crate::commands` for the table's form).

use crate::{CostMetric, DayZoneChoice, DayZoneView, ForecastOverlay, Locale, OverviewView};

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
        /// The time zone days and months are counted in, and the zones offered.
        fn day_zone() -> DayZoneChoice => store |cl| cl.day_zone();
        /// Counts days in another zone: every daily and monthly view follows.
        fn set_day_zone(zone: DayZoneView) -> DayZoneView => store |cl| cl.set_day_zone(&zone);
    } } };
}

crate::overview_commands!([crate::commands::session_methods]);
