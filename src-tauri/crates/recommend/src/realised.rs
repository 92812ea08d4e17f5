//! The saving that happened: once a recommendation is done, the bills of the
//! following days are read for what it measures, and the monthly cost after
//! is taken from the monthly cost before.

use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;

use crate::catalog::Catalog;
use crate::commit_buy::{family_of, hourly_on_demand};
use crate::model::Measure;
use crate::money::{cents, per_month, MONTH_DAYS};
use crate::{providers, Inputs};

/// Fewest days of bills after "done" before a figure is given.
pub const MIN_DAYS: u32 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Realised {
    /// Monthly cost before minus monthly cost after, to the cent.
    pub saving: Decimal,
    /// Days of bills after "done" the figure rests on.
    pub days: u32,
    /// Whether a whole month of bills has been read (the figure will not change).
    pub complete: bool,
}

/// The realised monthly saving of a recommendation done on `done_on`, or
/// `None` when its measure is not in the bills or too few days have passed.
pub fn realised_saving(
    inputs: &Inputs,
    catalog: &Catalog,
    measure: &Measure,
    baseline_monthly: Decimal,
    done_on: NaiveDate,
) -> Option<Realised> {
    let book = inputs.book;
    let from = done_on + Duration::days(1);
    let last = book.last_day()?;
    let to = last.min(done_on + Duration::days(i64::from(MONTH_DAYS)));
    if from < book.window().0 || to < from {
        return None;
    }
    let days = (to - from).num_days() as u32 + 1;
    if days < MIN_DAYS {
        return None;
    }
    let after = match measure {
        Measure::Resource { id } => book
            .resource(id)
            .map_or(Decimal::ZERO, |r| r.sum(from, to, |_| true).effective),
        Measure::Resources { ids } => ids
            .iter()
            .filter_map(|id| book.resource(id))
            .map(|r| r.sum(from, to, |_| true).effective)
            .sum(),
        Measure::CommitmentUnused { id } => book
            .commitments()
            .find(|c| &c.id == id)
            .map_or(Decimal::ZERO, |c| c.sum(from, to).unused),
        Measure::OnDemand {
            provider,
            billing_account,
            service,
            region,
            family,
        } => book
            .resources()
            .filter(|(_, r)| {
                providers::key(&r.provider) == Some(provider.as_str())
                    && &r.billing_account == billing_account
                    && &r.service == service
                    && r.region.as_deref().unwrap_or("") == region
            })
            .filter(|(id, r)| {
                let f = inputs.inventory.iter().find(|f| &f.id == *id);
                family_of(catalog, provider, r, f).is_some_and(|(fam, _)| &fam == family)
            })
            .map(|(_, r)| r.sum(from, to, hourly_on_demand).effective)
            .sum(),
        Measure::Unmeasured => return None,
    };
    Some(Realised {
        saving: cents(baseline_monthly - per_month(after, days)),
        days,
        complete: days >= MONTH_DAYS,
    })
}
