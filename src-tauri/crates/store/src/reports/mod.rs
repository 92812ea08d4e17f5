//! Reports: saved report definitions (kept whole as the api's JSON) and the
//! invoice amounts the user entered or imported, one per provider, billing
//! account, billing month and currency.

mod records;
mod schema;

pub use records::{InvoiceRecord, ReportDefinitionRecord};
pub(crate) use schema::AREA;

area_handles!(
    /// Report definitions and invoice amounts.
    Reports,
    ReportsMut,
    reports,
    reports_mut
);
