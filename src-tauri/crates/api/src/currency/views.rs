//! View models of the exchange-rate table.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExchangeRate {
    /// `YYYY-MM-DD`: valid from this date until the next rate for the pair.
    pub date: String,
    pub from: String,
    pub to: String,
    /// Decimal string: one `from` is `rate` `to`.
    pub rate: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RateImportResult {
    pub added: u32,
    pub replaced: u32,
    /// One per currency written as an alias (file, line, column, and the
    /// ISO code it was read as).
    pub notes: Vec<String>,
}

/// An amount in its own currency on the day whose rate converts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AmountOn {
    /// Exact decimal.
    pub amount: String,
    pub currency: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// `amounts` in `currency`, in the order asked; `None` where the rate table
/// has no rate for that day (never converted at 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConvertedAmounts {
    pub currency: String,
    pub amounts: Vec<Option<String>>,
    /// The latest rate date among the currencies read (the rates' source).
    pub rates_through: Option<String>,
}

/// A sum of amounts in other currencies, in one currency: each converted at
/// its own day's rate, then added exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ConvertedTotal {
    pub currency: String,
    /// Exact decimal: the sum of the amounts that have a rate.
    pub amount: String,
    /// Amounts left out of `amount` because their day has no rate.
    pub missing: u32,
    /// The latest rate date among the currencies read (the rates' source).
    pub rates_through: Option<String>,
}
