//! Forecasts as commands (see `crate::commands` for the table's form).

use crate::{ForecastQuery, ForecastResult, ForecastSeriesChart, ForecastSeriesKey, Locale};

#[macro_export]
#[doc(hidden)]
macro_rules! forecast_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* forecast {
        /// Daily forecasts of an explorer scope with 80% and 95% intervals,
        /// month-end and quarter-end projections and the backtest's accuracy;
        /// `locale` for the notes.
        fn forecast(query: ForecastQuery, locale: Locale) -> ForecastResult
            => store |cl| cl.forecast(&query, locale);
        /// One series of the scope forecast again and drawn: its last days of
        /// history, the forecast and its 80% and 95% bands.
        fn forecast_chart(query: ForecastQuery, series: ForecastSeriesKey, locale: Locale) -> ForecastSeriesChart
            => store |cl| cl.forecast_chart(&query, &series, locale);
    } } };
}

crate::forecast_commands!([crate::commands::session_methods]);
