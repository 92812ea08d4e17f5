//! Budget thresholds as an alert source: each budget's figures as of the
//! evaluated day, and every threshold they have reached. Actual thresholds
//! are also checked on the period just ended during the first week of a
//! new one, so spend charged on its last days (bills arrive a day or two
//! late) still alerts.

use chrono::NaiveDate;
use cloudlens_alerts::sources::{BudgetAlerts, BudgetCrossing};
use cloudlens_alerts::{Money, ThresholdKind as Kind};
use cloudlens_store::{from_nanos, CrossingRecord};
use rust_decimal::Decimal;

use crate::budgets::figures::{level, percent_of, Projected};
use crate::budgets::period::Period;
use crate::budgets::service::actual_crossing;
use crate::budgets::spec::{self, percent_text};
use crate::forecast::money::round;
use crate::{ApiError, BudgetSpec, CloudLens, Locale, ThresholdKind};

/// Days into a period during which the previous one is still checked.
const LATE_DAYS: i64 = 7;

pub(crate) struct BudgetSourceData {
    pub source: BudgetAlerts,
    /// Forecast crossings to remember: (budget id, revision, crossing).
    pub forecast_crossings: Vec<(i64, i64, CrossingRecord)>,
}

struct Scope<'a> {
    id: i64,
    revision: i64,
    spec: &'a BudgetSpec,
    amount: Decimal,
}

impl Scope<'_> {
    fn money(&self, d: Decimal) -> Money {
        Money {
            amount: round(d, &self.spec.currency),
            currency: self.spec.currency.clone(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn crossing(
        &self,
        period: &Period,
        kind: Kind,
        percent: f64,
        actual: Decimal,
        forecast: Option<Projected>,
        crossed_on: NaiveDate,
    ) -> BudgetCrossing {
        let watched = match (kind, forecast) {
            (Kind::Forecast, Some(p)) => p.mean,
            _ => actual,
        };
        BudgetCrossing {
            budget_id: self.id,
            revision: self.revision,
            budget: self.spec.name.clone(),
            period: period.label(),
            kind,
            threshold: percent_text(percent),
            amount: self.money(self.amount),
            actual: self.money(actual),
            forecast: forecast
                .map(|p| (self.money(p.mean), self.money(p.lo80), self.money(p.hi80))),
            percent_used: format!("{:.1}", percent_of(watched, self.amount)),
            crossed_on: crossed_on.format("%Y-%m-%d").to_string(),
            channels: self.spec.channels.clone(),
        }
    }
}

impl CloudLens {
    pub(crate) fn budget_alert_source(
        &self,
        as_of: NaiveDate,
    ) -> Result<BudgetSourceData, ApiError> {
        let mut crossings = Vec::new();
        let mut remember = Vec::new();
        for (rec, spec) in self.budget_records()? {
            let scope = Scope {
                id: rec.id,
                revision: rec.revision,
                spec: &spec,
                amount: spec::amount(&spec.amount)?,
            };
            let f = self.budget_figures(&spec, as_of, false, Locale::En)?;
            let actual = from_nanos(f.actual);
            let recorded =
                self.reader()?
                    .budgets()
                    .crossings(rec.id, rec.revision, &f.period.label())?;
            for t in &spec.thresholds {
                let lvl = level(scope.amount, t.percent);
                match t.kind {
                    ThresholdKind::Actual => {
                        if let Some(day) = actual_crossing(f.period.start, &f.daily, lvl) {
                            crossings.push(scope.crossing(
                                &f.period,
                                Kind::Actual,
                                t.percent,
                                actual,
                                f.forecast,
                                day,
                            ));
                        }
                    }
                    ThresholdKind::Forecast => {
                        if f.forecast.is_none_or(|p| p.mean < lvl) {
                            continue;
                        }
                        let pct = percent_text(t.percent);
                        let day = recorded
                            .iter()
                            .find(|c| c.kind == "forecast" && c.percent == pct)
                            .and_then(|c| NaiveDate::parse_from_str(&c.crossed_on, "%Y-%m-%d").ok())
                            .unwrap_or(as_of);
                        crossings.push(scope.crossing(
                            &f.period,
                            Kind::Forecast,
                            t.percent,
                            actual,
                            f.forecast,
                            day,
                        ));
                        remember.push((
                            rec.id,
                            rec.revision,
                            CrossingRecord {
                                period: f.period.label(),
                                kind: "forecast".into(),
                                percent: pct,
                                crossed_on: day.format("%Y-%m-%d").to_string(),
                            },
                        ));
                    }
                }
            }
            if (as_of - f.period.start).num_days() < LATE_DAYS {
                crossings.extend(self.ended_period_crossings(&scope, f.period.previous())?);
            }
        }
        Ok(BudgetSourceData {
            source: BudgetAlerts(crossings),
            forecast_crossings: remember,
        })
    }

    /// Actual thresholds of a period that has ended.
    fn ended_period_crossings(
        &self,
        scope: &Scope<'_>,
        period: Period,
    ) -> Result<Vec<BudgetCrossing>, ApiError> {
        let (daily, _) = self.budget_daily(scope.spec, period.start, period.end)?;
        let actual = from_nanos(daily.iter().sum());
        Ok(scope
            .spec
            .thresholds
            .iter()
            .filter(|t| t.kind == ThresholdKind::Actual)
            .filter_map(|t| {
                let day = actual_crossing(period.start, &daily, level(scope.amount, t.percent))?;
                Some(scope.crossing(&period, Kind::Actual, t.percent, actual, None, day))
            })
            .collect())
    }
}
