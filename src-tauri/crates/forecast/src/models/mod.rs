//! The candidate models. Each forecasts `h` days after a history `y` that
//! starts on `start`; the regression also sees the calendar.

mod ets;
mod features;
mod regression;
mod ridge;
mod simple;
mod theta;

pub(crate) use ets::ets;
pub(crate) use features::Design;
pub(crate) use regression::{window, Regression};
pub(crate) use simple::{naive, seasonal_naive};
pub(crate) use theta::theta;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModelName {
    /// Tomorrow is like today.
    Naive,
    /// Each day is like the same weekday last week.
    SeasonalNaive,
    /// Exponential smoothing with a damped trend and weekly seasonality.
    Ets,
    /// The Theta method on the seasonally adjusted series.
    Theta,
    /// Ridge regression on trend, weekly and yearly Fourier terms, holidays,
    /// make-up working days, day 1 and level shifts (fitted with linfa).
    Regression,
    /// The mean of exponential smoothing, Theta and the regression.
    Combination,
    /// No charges lately: the series stopped, forecast at zero.
    Stopped,
}

impl ModelName {
    pub const CANDIDATES: [ModelName; 6] = [
        ModelName::Naive,
        ModelName::SeasonalNaive,
        ModelName::Ets,
        ModelName::Theta,
        ModelName::Regression,
        ModelName::Combination,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ModelName::Naive => "naive",
            ModelName::SeasonalNaive => "seasonal_naive",
            ModelName::Ets => "ets_damped",
            ModelName::Theta => "theta",
            ModelName::Regression => "regression",
            ModelName::Combination => "combination",
            ModelName::Stopped => "stopped",
        }
    }
}
