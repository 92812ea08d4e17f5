//! The budget's burn chart: cumulative actual, the forecast's running total
//! with its 80% band, and the budget line, over every day of the period.

use cloudlens_charts::{budget_burn, BudgetChart, BudgetLabels, Theme};
use cloudlens_store::from_nanos;
use rust_decimal::Decimal;

use crate::budgets::figures::Figures;
use crate::budgets::spec;
use crate::{ApiError, BudgetSpec, ChartView, ErrorCode, Locale};

const SIZE: (u32, u32) = (720, 280);

fn labels(locale: Locale) -> BudgetLabels {
    let (actual, forecast, band80, budget) = match locale {
        Locale::En => ("Actual", "Forecast", "80% range", "Budget"),
        Locale::ZhCn => ("实际", "预测", "80% 区间", "预算"),
    };
    BudgetLabels {
        actual: actual.into(),
        forecast: forecast.into(),
        band80: band80.into(),
        budget: budget.into(),
    }
}

pub(crate) fn chart(
    s: &BudgetSpec,
    f: &Figures,
    locale: Locale,
) -> Result<Option<ChartView>, ApiError> {
    let days: Vec<chrono::NaiveDate> = (0..f.period.days())
        .map(|i| f.period.start + chrono::Duration::days(i))
        .collect();
    let mut running = 0i128;
    let actual: Vec<Decimal> = f
        .daily
        .iter()
        .map(|n| {
            running += n;
            from_nanos(running)
        })
        .collect();
    // Without a forecast the chart stops at the last day charged.
    let (mean, lo, hi): (Vec<Decimal>, Vec<Decimal>, Vec<Decimal>) = if f.cumulative.is_empty() {
        Default::default()
    } else {
        (
            f.cumulative.iter().map(|p| p.mean).collect(),
            f.cumulative.iter().map(|p| p.lo80).collect(),
            f.cumulative.iter().map(|p| p.hi80).collect(),
        )
    };
    let shown = actual.len() + mean.len();
    let labels = labels(locale);
    let theme = Theme {
        legend: false,
        ..Theme::default()
    };
    budget_burn(
        &BudgetChart {
            days: &days[..shown.min(days.len())],
            actual: &actual,
            mean: &mean,
            lo80: &lo,
            hi80: &hi,
            budget: spec::amount(&s.amount)?,
            currency: &s.currency,
            labels: &labels,
        },
        SIZE,
        &theme,
    )
    .map(|c| Some(ChartView::of(c)))
    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}
