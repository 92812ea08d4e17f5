//! Budgets on an open store: defining, listing with the current period's
//! figures, one budget in detail (chart and past periods), removing.

use chrono::NaiveDate;
use cloudlens_store::{from_nanos, AuditAction, AuditRecord, BudgetRecord};
use rust_decimal::Decimal;

use crate::budgets::figures::{level, percent_of, Figures};
use crate::budgets::spec::{self, checked};
use crate::explore::convert::invalid;
use crate::{
    ApiError, BudgetDetail, BudgetPeriodResult, BudgetSpec, BudgetStatus, BudgetView, CloudLens,
    Locale, ThresholdKind, ThresholdState,
};

fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn money(d: Decimal) -> String {
    d.normalize().to_string()
}

fn not_found(name: &str) -> ApiError {
    invalid(format!(
        "no budget named {name:?}; `cloudlens budget list` shows them"
    ))
}

/// How many past periods a budget's history shows.
fn history_len(p: crate::BudgetPeriod) -> u32 {
    match p {
        crate::BudgetPeriod::Month => 12,
        crate::BudgetPeriod::Quarter => 8,
        crate::BudgetPeriod::Year => 3,
    }
}

impl CloudLens {
    pub(crate) fn budget_record(&self, name: &str) -> Result<(BudgetRecord, BudgetSpec), ApiError> {
        let rec = self
            .reader()?
            .budgets()
            .get(name)?
            .ok_or_else(|| not_found(name))?;
        let spec = spec::from_json(&rec.name, &rec.spec)?;
        Ok((rec, spec))
    }

    pub(crate) fn budget_records(&self) -> Result<Vec<(BudgetRecord, BudgetSpec)>, ApiError> {
        self.reader()?
            .budgets()
            .list()?
            .into_iter()
            .map(|rec| {
                let spec = spec::from_json(&rec.name, &rec.spec)?;
                Ok((rec, spec))
            })
            .collect()
    }

    /// Adds a budget; refused when the name is taken.
    pub fn add_budget(&self, spec: &BudgetSpec, now: i64) -> Result<i64, ApiError> {
        let s = checked(spec)?;
        let json = spec::to_json(&s)?;
        let record = AuditRecord::new(AuditAction::BudgetSave, &s.name).after(json.clone());
        self.logged(record, |store| {
            store
                .budgets_mut()
                .add(&s.name, &json, now)?
                .ok_or_else(|| invalid(format!("name: a budget named {:?} exists already", s.name)))
        })
    }

    /// Replaces budget `id`'s definition (a new revision: thresholds crossed
    /// under the old one may alert again).
    pub fn update_budget(&self, id: i64, spec: &BudgetSpec, now: i64) -> Result<(), ApiError> {
        let s = checked(spec)?;
        let json = spec::to_json(&s)?;
        self.change(|store| {
            if let Some(other) = store.budgets().get(&s.name)? {
                if other.id != id {
                    return Err(invalid(format!(
                        "name: a budget named {:?} exists already",
                        s.name
                    )));
                }
            }
            let before = store.budgets().list()?.into_iter().find(|b| b.id == id);
            if !store.budgets_mut().update(id, &s.name, &json, now)? {
                return Err(invalid(format!("no budget with id {id}")));
            }
            let mut record = AuditRecord::new(AuditAction::BudgetSave, &s.name).after(json.clone());
            record.before = before.map(|b| b.spec);
            Ok(((), Some(record)))
        })
    }

    pub fn remove_budget(&self, name: &str) -> Result<(), ApiError> {
        self.change(|store| {
            let Some(before) = store.budgets().get(name)? else {
                return Err(not_found(name));
            };
            store.budgets_mut().remove(name)?;
            let record = AuditRecord::new(AuditAction::BudgetRemove, name).before(before.spec);
            Ok(((), Some(record)))
        })
    }

    /// Every budget with its current period's figures as of `as_of`.
    pub fn budgets(&self, as_of: NaiveDate, locale: Locale) -> Result<Vec<BudgetView>, ApiError> {
        self.budget_records()?
            .into_iter()
            .map(|(rec, spec)| {
                let f = self.budget_figures(&spec, as_of, false, locale)?;
                self.budget_view(&rec, spec, &f)
            })
            .collect()
    }

    /// One budget: figures, the day-by-day chart and past periods.
    pub fn budget(
        &self,
        name: &str,
        as_of: NaiveDate,
        locale: Locale,
    ) -> Result<BudgetDetail, ApiError> {
        let (rec, spec) = self.budget_record(name)?;
        let f = self.budget_figures(&spec, as_of, true, locale)?;
        let history = self.budget_history(&spec, &f)?;
        let chart = crate::budgets::chart::chart(&spec, &f, locale)?;
        Ok(BudgetDetail {
            budget: self.budget_view(&rec, spec, &f)?,
            history,
            chart,
        })
    }

    pub(crate) fn budget_view(
        &self,
        rec: &BudgetRecord,
        spec: BudgetSpec,
        f: &Figures,
    ) -> Result<BudgetView, ApiError> {
        let amount = spec::amount(&spec.amount)?;
        let actual = from_nanos(f.actual);
        let label = f.period.label();
        let recorded = self
            .reader()?
            .budgets()
            .crossings(rec.id, rec.revision, &label)?;
        let thresholds = spec
            .thresholds
            .iter()
            .map(|t| {
                let lvl = level(amount, t.percent);
                let crossed_on = match t.kind {
                    ThresholdKind::Actual => {
                        actual_crossing(f.period.start, &f.daily, lvl).map(day_text)
                    }
                    ThresholdKind::Forecast => recorded
                        .iter()
                        .find(|c| {
                            c.kind == "forecast" && c.percent == spec::percent_text(t.percent)
                        })
                        .map(|c| c.crossed_on.clone())
                        .or_else(|| {
                            f.forecast
                                .filter(|p| p.mean >= lvl)
                                .map(|_| day_text(f.as_of))
                        }),
                };
                ThresholdState {
                    kind: t.kind,
                    percent: t.percent,
                    crossed_on,
                }
            })
            .collect();
        let status = if actual > amount {
            BudgetStatus::Over
        } else if f.forecast.is_some_and(|p| p.mean > amount) {
            BudgetStatus::AtRisk
        } else {
            BudgetStatus::OnTrack
        };
        Ok(BudgetView {
            id: rec.id,
            period: label,
            period_start: day_text(f.period.start),
            period_end: day_text(f.period.last_day()),
            as_of: day_text(f.as_of),
            actual: money(actual),
            forecast: f.forecast.map(|p| p.mean.to_string()),
            forecast_lo80: f.forecast.map(|p| p.lo80.to_string()),
            forecast_hi80: f.forecast.map(|p| p.hi80.to_string()),
            percent_used: percent_of(actual, amount),
            forecast_percent: f.forecast.map(|p| percent_of(p.mean, amount)),
            status,
            thresholds,
            missing_rates: f.missing_rates.clone(),
            notes: f.notes.clone(),
            spec,
        })
    }

    /// Past periods, newest first, from the first one with any spend.
    fn budget_history(
        &self,
        spec: &BudgetSpec,
        f: &Figures,
    ) -> Result<Vec<BudgetPeriodResult>, ApiError> {
        let amount = spec::amount(&spec.amount)?;
        let mut periods = Vec::new();
        let mut p = f.period.previous();
        for _ in 0..history_len(spec.period) {
            periods.push(p);
            p = p.previous();
        }
        let Some(oldest) = periods.last() else {
            return Ok(Vec::new());
        };
        let (daily, _) = self.budget_daily(spec, oldest.start, f.period.start)?;
        let mut out: Vec<BudgetPeriodResult> = periods
            .iter()
            .map(|p| {
                let from = (p.start - oldest.start).num_days().max(0) as usize;
                let to = (p.end - oldest.start).num_days().max(0) as usize;
                let nanos: i128 = daily.iter().take(to).skip(from).sum();
                let actual = from_nanos(nanos);
                (
                    nanos,
                    BudgetPeriodResult {
                        period: p.label(),
                        amount: money(amount),
                        actual: money(actual),
                        percent_used: percent_of(actual, amount),
                        over: actual > amount,
                    },
                )
            })
            .rev()
            .skip_while(|(nanos, _)| *nanos == 0)
            .map(|(_, r)| r)
            .collect();
        out.reverse();
        Ok(out)
    }
}

/// The charge day the running total of `daily` (from `start`) first
/// reached `lvl`.
pub(crate) fn actual_crossing(start: NaiveDate, daily: &[i128], lvl: Decimal) -> Option<NaiveDate> {
    let mut cum = 0i128;
    for (i, n) in daily.iter().enumerate() {
        cum += n;
        if from_nanos(cum) >= lvl {
            return Some(start + chrono::Duration::days(i as i64));
        }
    }
    None
}
