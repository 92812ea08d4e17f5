//! One FOCUS cost line: shared dimensions plus the per-line facts.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::{LineDims, Timestamp};

/// Where a line came from: the import or sync run is recorded by the store;
/// the source row is the 1-based data row in the file, or the position within
/// a sync response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Provenance {
    pub source_row: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CostLine {
    pub dims: Arc<LineDims>,
    pub billing_period_start: Timestamp,
    pub billing_period_end: Timestamp,
    pub charge_period_start: Timestamp,
    pub charge_period_end: Timestamp,
    pub billed_cost: Decimal,
    pub effective_cost: Decimal,
    pub list_cost: Decimal,
    pub contracted_cost: Decimal,
    pub pricing_quantity: Option<Decimal>,
    pub consumed_quantity: Option<Decimal>,
    pub list_unit_price: Option<Decimal>,
    pub contracted_unit_price: Option<Decimal>,
    pub commitment_discount_status: Option<String>,
    pub commitment_discount_quantity: Option<Decimal>,
    pub capacity_reservation_status: Option<String>,
    pub invoice_id: Option<String>,
    /// Provider fields FOCUS lacks, as `x_`-prefixed keys (JSON object text).
    pub extras: Option<String>,
    pub provenance: Provenance,
}

impl CostLine {
    /// A line of `amount` in every cost metric over the given billing and
    /// charge periods (start, end), with nothing else: what a mapper's lines
    /// start from and what a test needs.
    pub fn of_amount(
        dims: Arc<LineDims>,
        billing: (Timestamp, Timestamp),
        charge: (Timestamp, Timestamp),
        amount: Decimal,
        source_row: u64,
    ) -> CostLine {
        CostLine {
            dims,
            billing_period_start: billing.0,
            billing_period_end: billing.1,
            charge_period_start: charge.0,
            charge_period_end: charge.1,
            billed_cost: amount,
            effective_cost: amount,
            list_cost: amount,
            contracted_cost: amount,
            pricing_quantity: None,
            consumed_quantity: None,
            list_unit_price: None,
            contracted_unit_price: None,
            commitment_discount_status: None,
            commitment_discount_quantity: None,
            capacity_reservation_status: None,
            invoice_id: None,
            extras: None,
            provenance: Provenance { source_row },
        }
    }
}
