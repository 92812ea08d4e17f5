//! A budget's figures as of a day: actual to date from the explorer's exact
//! sums of its scope in its currency, and the forecast at period end with
//! its 80% interval from the forecast engine, on the same daily sums the
//! forecast page uses, so both always agree.

use chrono::{Duration, NaiveDate};
use cloudlens_forecast::{self as fc, Calendar, Outcome};
use cloudlens_store::from_nanos;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::budgets::period::Period;
use crate::budgets::spec::{explore_query, forecast_query};
use crate::explore::run::missing_rates;
use crate::forecast::{default_horizon, messages, projection};
use crate::{ApiError, BudgetSpec, CloudLens, ErrorCode, Granularity, Locale, MissingRate};

/// A projected total, rounded once to the currency's minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Projected {
    pub mean: Decimal,
    pub lo80: Decimal,
    pub hi80: Decimal,
}

pub(crate) struct Figures {
    pub period: Period,
    pub as_of: NaiveDate,
    /// Nano-units charged per day from the period's start to `as_of`.
    pub daily: Vec<i128>,
    pub actual: i128,
    pub forecast: Option<Projected>,
    /// With `cumulative`: the running total's projection at the end of each
    /// day from `as_of` to the period's last day (the last is `forecast`).
    pub cumulative: Vec<Projected>,
    pub missing_rates: Vec<MissingRate>,
    pub notes: Vec<String>,
}

fn parse(text: &str) -> Result<Decimal, ApiError> {
    text.parse().map_err(|_| {
        ApiError::new(
            ErrorCode::Internal,
            format!("a projection is unreadable: {text}"),
        )
    })
}

/// `part` as a percentage of `whole`, one decimal.
pub(crate) fn percent_of(part: Decimal, whole: Decimal) -> f64 {
    if whole.is_zero() {
        return 0.0;
    }
    let p = (part * Decimal::ONE_HUNDRED / whole)
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    rust_decimal::prelude::ToPrimitive::to_f64(&p).unwrap_or(0.0)
}

/// The threshold's level in nano-units of the amount.
pub(crate) fn level(amount: Decimal, percent: f64) -> Decimal {
    let p = Decimal::from_f64(percent).unwrap_or(Decimal::ONE_HUNDRED);
    amount * p / Decimal::ONE_HUNDRED
}

impl CloudLens {
    /// Exact daily sums of the budget's scope, in its currency, over
    /// `[from, to)`, with the amounts no rate converted.
    pub(crate) fn budget_daily(
        &self,
        spec: &BudgetSpec,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<(Vec<i128>, Vec<MissingRate>), ApiError> {
        let days = (to - from).num_days().max(0) as usize;
        if days == 0 {
            return Ok((Vec::new(), Vec::new()));
        }
        let q = explore_query(spec, from, to, Granularity::Day, Vec::new());
        let (outcome, _) = self.explore_outcome(&q)?;
        let mut daily = vec![0i128; days];
        for c in outcome
            .cells
            .iter()
            .filter(|c| *c.currency == *spec.currency)
        {
            let Some(day) = outcome.periods.get(c.period) else {
                continue;
            };
            if let Some(v) = usize::try_from((*day - from).num_days())
                .ok()
                .and_then(|i| daily.get_mut(i))
            {
                *v += c.nanos;
            }
        }
        Ok((daily, missing_rates(&outcome)))
    }

    /// The figures of the period containing `as_of` (lines charged before
    /// it). `cumulative` adds the running total's forecast day by day.
    pub(crate) fn budget_figures(
        &self,
        spec: &BudgetSpec,
        as_of: NaiveDate,
        cumulative: bool,
        locale: Locale,
    ) -> Result<Figures, ApiError> {
        let period = Period::containing(spec.period, spec.fiscal_start, as_of);
        let (daily, missing) = self.budget_daily(spec, period.start, as_of.min(period.end))?;
        let actual: i128 = daily.iter().sum();
        let mut figures = Figures {
            period,
            as_of,
            daily,
            actual,
            forecast: None,
            cumulative: Vec::new(),
            missing_rates: missing,
            notes: Vec::new(),
        };
        self.add_forecast(spec, &mut figures, cumulative, locale)?;
        Ok(figures)
    }

    fn add_forecast(
        &self,
        spec: &BudgetSpec,
        f: &mut Figures,
        cumulative: bool,
        locale: Locale,
    ) -> Result<(), ApiError> {
        let (period, as_of) = (f.period, f.as_of);
        let hist = match self.forecast_history(&forecast_query(spec, as_of)) {
            Ok(h) => h,
            // No lines at all, or no rate for any day: said, not failed.
            Err(e) if e.code == ErrorCode::InvalidInput => {
                f.notes.push(e.message);
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if let Some((from, pairs)) = &hist.rates_from {
            f.notes.push(messages::rates_from(*from, pairs, locale));
        }
        let Some(series) = hist.series.first() else {
            f.forecast = Some(Projected {
                mean: from_nanos(f.actual),
                lo80: from_nanos(f.actual),
                hi80: from_nanos(f.actual),
            });
            return Ok(());
        };
        let mut periods: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        if cumulative {
            let mut d = as_of;
            while d < period.end {
                d += Duration::days(1);
                periods.push((period.start, d));
            }
        } else {
            periods.push((period.start, period.end));
        }
        let to_end = u32::try_from((period.end - as_of).num_days()).unwrap_or(1);
        let horizon = default_horizon(as_of)
            .max(to_end)
            .clamp(1, fc::MAX_HORIZON as u32);
        let outcome = fc::forecast_with_periods(
            &series.daily(hist.start),
            &Calendar::new(),
            horizon as usize,
            &periods,
        )
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.0))?;
        let forecast = match outcome {
            Outcome::TooShort(t) => {
                f.notes.push(messages::too_short(&t, locale));
                return Ok(());
            }
            Outcome::Forecast(forecast) => forecast,
        };
        let charged = series.exact_sum(hist.start, period.start, as_of);
        let label = period.label();
        for p in &forecast.periods {
            let v = projection(p, label.clone(), charged, &spec.currency)?;
            f.cumulative.push(Projected {
                mean: parse(&v.mean)?,
                lo80: parse(&v.lo80)?,
                hi80: parse(&v.hi80)?,
            });
        }
        f.forecast = f.cumulative.last().copied();
        if !cumulative {
            f.cumulative.clear();
        }
        Ok(())
    }
}
