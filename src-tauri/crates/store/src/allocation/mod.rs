//! Allocation and saved items: rule versions, exchange rates, saved views.

mod records;
mod schema;

pub use records::{RateRecord, RuleVersionRecord, SavedViewRecord};
pub(crate) use schema::AREA;

area_handles!(
    /// Allocation rule versions, exchange rates and saved views.
    Allocation,
    AllocationMut,
    allocation,
    allocation_mut
);
