//! The Overview's commands (see `crate::commands` for the table's form).

use crate::{
    CostMetric, DayZoneChoice, DayZoneView, ForecastOverlay, Locale, OverviewCharges, OverviewView,
};

#[macro_export]
#[doc(hidden)]
macro_rules! overview_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* overview {
        /// `locale` because the core draws a few chart labels itself;
        /// `display_currency` converts everything into one currency (`None`:
        /// one section per billing currency); `charges` hides charge types
        /// or spreads period charges.
        fn overview(metric: CostMetric, display_currency: Option<String>, locale: Locale, charges: OverviewCharges) -> OverviewView
            => store |cl| cl.overview_of(metric, display_currency.as_deref(), locale, &charges);
        /// Each currency's daily chart again with the forecast of its total
        /// after it.
        fn overview_forecast(metric: CostMetric, display_currency: Option<String>, locale: Locale) -> Vec<ForecastOverlay>
            => store |cl| cl.overview_forecast(metric, display_currency.as_deref(), locale);
        /// The time zone days and months are counted in, and the zones offered.
        fn day_zone() -> DayZoneChoice => store |cl| cl.day_zone();
        /// Counts days in another zone: every daily and monthly view follows.
        fn set_day_zone(zone: DayZoneView) -> DayZoneView => change |cl| cl.set_day_zone(&zone);
    } } };
}

crate::overview_commands!([crate::commands::session_methods]);
