//! The forecast of a day chart's whole scope, drawn after its actuals: the
//! Overview's daily chart and the Explorer's day chart take it. The scope is
//! forecast by the same engine and rounding as the Forecast page.

use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_charts::{
    daily_with_forecast, DailyStyle, ForecastBand, ForecastLabels, LineStyle, Series, Theme,
};
use rust_decimal::Decimal;

use super::views::{ForecastOverlay, ForecastPoint, ForecastQuery, SeriesForecast};
use crate::{ApiError, ChartKind, ChartView, CloudLens, ErrorCode, Locale};

/// Days of forecast drawn after a day chart.
pub(crate) const BAND_DAYS: u32 = 30;

pub(crate) fn labels(locale: Locale) -> ForecastLabels {
    let (actual, forecast, band80, band95) = match locale {
        Locale::En => ("Actual", "Forecast", "80% range", "95% range"),
        Locale::ZhCn => ("实际", "预测", "80% 区间", "95% 区间"),
    };
    ForecastLabels {
        actual: actual.into(),
        forecast: forecast.into(),
        band80: band80.into(),
        band95: band95.into(),
    }
}

fn decimal(s: &str) -> Result<Decimal, ApiError> {
    Decimal::from_str(s)
        .map_err(|_| ApiError::new(ErrorCode::Internal, format!("unreadable amount {s:?}")))
}

/// A forecast's points as exact columns, as the charts crate draws them.
pub(crate) struct Columns {
    pub first_day: Option<NaiveDate>,
    pub mean: Vec<Decimal>,
    pub lo80: Vec<Decimal>,
    pub hi80: Vec<Decimal>,
    pub lo95: Vec<Decimal>,
    pub hi95: Vec<Decimal>,
}

impl Columns {
    pub fn of(points: &[ForecastPoint]) -> Result<Self, ApiError> {
        let column = |f: fn(&ForecastPoint) -> &String| -> Result<Vec<Decimal>, ApiError> {
            points.iter().map(|p| decimal(f(p))).collect()
        };
        let first_day = match points.first() {
            Some(p) => Some(NaiveDate::parse_from_str(&p.date, "%Y-%m-%d").map_err(|_| {
                ApiError::new(ErrorCode::Internal, format!("unreadable day {:?}", p.date))
            })?),
            None => None,
        };
        Ok(Self {
            first_day,
            mean: column(|p| &p.mean)?,
            lo80: column(|p| &p.lo80)?,
            hi80: column(|p| &p.hi80)?,
            lo95: column(|p| &p.lo95)?,
            hi95: column(|p| &p.hi95)?,
        })
    }
}

/// What a day chart the api drew shows: its days, series, size and style.
struct DayChart {
    days: Vec<NaiveDate>,
    series: Vec<Series>,
    style: DailyStyle,
}

impl DayChart {
    fn of(chart: &ChartView) -> Result<Self, ApiError> {
        let style = match chart.kind {
            ChartKind::Stacked => DailyStyle::StackedBars,
            ChartKind::Area => DailyStyle::Lines(LineStyle::Area),
            ChartKind::Line => DailyStyle::Lines(LineStyle::Line),
            ChartKind::Grouped => {
                return Err(ApiError::new(
                    ErrorCode::Internal,
                    "a forecast band goes on a day chart, not on grouped bars",
                ))
            }
        };
        let days = chart
            .x
            .iter()
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    ApiError::new(ErrorCode::Internal, format!("unreadable day {d:?}"))
                })
            })
            .collect::<Result<_, _>>()?;
        let series = chart
            .series
            .iter()
            .map(|s| {
                let values = s
                    .values
                    .iter()
                    .map(|v| decimal(v))
                    .collect::<Result<_, _>>()?;
                Ok(Series::new(s.label.clone(), values))
            })
            .collect::<Result<_, ApiError>>()?;
        Ok(Self {
            days,
            series,
            style,
        })
    }
}

impl CloudLens {
    /// The ungrouped forecast of `query`'s scope over the next
    /// [`BAND_DAYS`], one series per currency.
    pub(crate) fn scope_forecasts(
        &self,
        query: ForecastQuery,
        locale: Locale,
    ) -> Result<Vec<SeriesForecast>, ApiError> {
        let query = ForecastQuery {
            group_by: Vec::new(),
            horizon: Some(BAND_DAYS),
            ..query
        };
        Ok(self.forecast(&query, locale)?.series)
    }
}

/// `chart` (a day chart the api drew) drawn again with `forecast` after it;
/// the app draws the legend.
pub(crate) fn overlay(
    chart: &ChartView,
    forecast: SeriesForecast,
    locale: Locale,
) -> Result<ForecastOverlay, ApiError> {
    let c = Columns::of(&forecast.points)?;
    let drawn = match c.first_day {
        None => None,
        Some(first_day) => {
            let day_chart = DayChart::of(chart)?;
            let labels = labels(locale);
            let band = ForecastBand {
                first_day,
                mean: &c.mean,
                lo80: &c.lo80,
                hi80: &c.hi80,
                lo95: &c.lo95,
                hi95: &c.hi95,
                labels: &labels,
            };
            let theme = Theme {
                legend: false,
                ..Theme::default()
            };
            let drawn = daily_with_forecast(
                &day_chart.days,
                &day_chart.series,
                &chart.currency,
                (chart.width, chart.height),
                &theme,
                day_chart.style,
                &band,
            )
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
            Some(
                ChartView::of(drawn)
                    .with_series_keys(chart.series.iter().map(|s| s.key.clone()).collect()),
            )
        }
    };
    Ok(ForecastOverlay {
        currency: chart.currency.clone(),
        forecast,
        chart: drawn,
    })
}
