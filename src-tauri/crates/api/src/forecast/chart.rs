//! One series of a forecast scope drawn as a band chart: the last weeks of
//! exact daily history, then the forecast with its 80% and 95% bands, the
//! figures rounded as the forecast reports them.

use chrono::{Duration, NaiveDate};
use cloudlens_charts::{forecast_band, ForecastChart, Theme, DAILY_SIZE};
use cloudlens_forecast::{self as fc, Calendar};
use cloudlens_store::from_nanos;
use rust_decimal::Decimal;

use super::overlay::{labels, Columns};
use super::views::{ForecastSeriesChart, ForecastSeriesKey};
use super::{invalid, resolve_horizon, series_view};
use crate::{ApiError, ChartView, CloudLens, ErrorCode, ForecastQuery, Locale};

/// History shown before the forecast when the caller does not say.
const DEFAULT_HISTORY_DAYS: u32 = 90;

impl CloudLens {
    /// The forecast of the scope's series `key` with its chart; only that
    /// series is forecast.
    pub fn forecast_chart(
        &self,
        q: &ForecastQuery,
        key: &ForecastSeriesKey,
        locale: Locale,
    ) -> Result<ForecastSeriesChart, ApiError> {
        let hist = self.forecast_history(q)?;
        let horizon = resolve_horizon(q.horizon, hist.as_of)?;
        let s = hist
            .series
            .iter()
            .find(|s| s.groups == key.groups && s.currency == key.currency)
            .ok_or_else(|| {
                invalid(format!(
                    "series: no group {:?} in {} in this scope",
                    key.groups, key.currency
                ))
            })?;
        let outcome = fc::forecast(&s.daily(hist.start), &Calendar::new(), horizon as usize)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.0))?;
        let series = series_view(s, &hist, outcome, locale)?;
        let shown = (key.history_days.unwrap_or(DEFAULT_HISTORY_DAYS) as usize).min(s.nanos.len());
        let history: Vec<Decimal> = s.nanos[s.nanos.len() - shown..]
            .iter()
            .map(|n| from_nanos(*n))
            .collect();
        let first: NaiveDate = hist.as_of - Duration::days(shown as i64);
        let days: Vec<NaiveDate> = (0..(shown + series.points.len()) as i64)
            .map(|i| first + Duration::days(i))
            .collect();
        let c = Columns::of(&series.points)?;
        let theme = Theme {
            legend: false,
            ..Theme::default()
        };
        let chart = forecast_band(
            &ForecastChart {
                days: &days,
                history: &history,
                mean: &c.mean,
                lo80: &c.lo80,
                hi80: &c.hi80,
                lo95: &c.lo95,
                hi95: &c.hi95,
                currency: &s.currency,
                labels: &labels(locale),
            },
            DAILY_SIZE,
            &theme,
        )
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        Ok(ForecastSeriesChart {
            as_of: hist.as_of.to_string(),
            series,
            chart: ChartView::of(chart),
        })
    }
}
