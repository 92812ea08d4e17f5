//! Savings recommendations from inventory facts, utilisation and exact cost
//! lines: idle and orphaned resources, rightsizing, commitments and billing
//! mode, negotiated discounts and renewals. Pure functions of their inputs:
//! no store, no clock (`today` is passed in), no I/O beyond the tables
//! shipped in `data/`. Utilisation models use floats; every amount of money
//! is an exact `Decimal`, rounded to the cent once, when a recommendation is
//! made.

mod book;
mod catalog;
mod commit_buy;
mod commit_held;
mod context;
mod discount;
mod id;
mod idle;
mod inventory;
mod model;
mod money;
mod providers;
mod realised;
mod renewal;
mod rightsize;
mod settings;
mod stats;
mod stopped;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

pub use book::{
    CommitmentCost, CommitmentDay, CostBook, DayAmounts, MeterCost, MeterKey, ResourceCost,
};
pub use catalog::{Catalog, CatalogError, Offer, Payment, Scope, SizeRow};
pub use discount::{discount_analysis, DiscountMonth, DiscountRow};
pub use inventory::{
    state_class, BillingMode, ResourceFacts, ResourceKind, StateClass, UtilSample,
};
pub use model::{
    CostEvidence, CostEvidenceLine, DiscountPoint, Evidence, Finding, InventoryEvidence, Kind,
    Measure, Recommendation, Text, UtilPoint, UtilisationEvidence,
};
pub use money::{cents, per_month, MONTH_DAYS};
pub use providers::{focus_name, key as provider_key};
pub use realised::{realised_saving, Realised};
pub use settings::{EndedProject, Settings, SettingsError};

/// Everything the engine reads.
pub struct Inputs<'a> {
    /// The user's today: renewals count days from it.
    pub today: NaiveDate,
    pub inventory: &'a [ResourceFacts],
    /// Daily samples per resource id, in day order.
    pub utilisation: &'a HashMap<String, Vec<UtilSample>>,
    /// Cost lines of the last [`Settings::bill_days`] days (at least).
    pub book: &'a CostBook,
    /// Monthly list, contracted and effective cost per provider, account and service.
    pub discounts: &'a [DiscountMonth],
}

/// Every recommendation the inputs support, highest saving first.
pub fn recommend(inputs: &Inputs, settings: &Settings, catalog: &Catalog) -> Vec<Recommendation> {
    let ctx = context::Ctx::new(inputs, settings, catalog);
    let mut out = idle::find(&ctx);
    let flagged: HashSet<String> = out.iter().filter_map(|r| r.resource.clone()).collect();
    let resized = rightsize::find(&ctx, &flagged);
    // Commit to what remains after rightsizing, not to what will shrink.
    let mut before_buying = flagged.clone();
    before_buying.extend(resized.iter().filter_map(|r| r.resource.clone()));
    out.extend(resized);
    out.extend(commit_buy::find(&ctx, &before_buying));
    out.extend(commit_held::find(&ctx));
    out.extend(discount::find(&ctx));
    out.extend(renewal::find(&ctx, &flagged));
    out.sort_by(|a, b| {
        b.monthly_saving
            .cmp(&a.monthly_saving)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// The last charge day the engine treats as "now" for bills: the book's
/// latest day, never after `today`.
pub fn as_of(book: &CostBook, today: NaiveDate) -> NaiveDate {
    book.last_day()
        .unwrap_or_else(|| today.pred_opt().unwrap_or(today))
        .min(today)
}
