//! Budgets: their definitions and the days their thresholds were crossed.

mod records;
mod schema;

pub use records::{BudgetRecord, CrossingRecord};
pub(crate) use schema::AREA;

area_handles!(
    /// Budget definitions and threshold crossings.
    Budgets,
    BudgetsMut,
    budgets,
    budgets_mut
);
