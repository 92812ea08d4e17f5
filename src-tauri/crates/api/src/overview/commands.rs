//! The Overview's commands (see `crate::commands` for the table's form).

use crate::{CostMetric, Locale, OverviewView};

#[macro_export]
#[doc(hidden)]
macro_rules! overview_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* overview {
        /// `locale` because the core draws a few chart labels itself.
        fn overview(metric: CostMetric, locale: Locale) -> OverviewView
            => store |cl| cl.overview(metric, locale);
    } } };
}

crate::overview_commands!([crate::commands::session_methods]);
