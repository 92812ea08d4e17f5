//! The exchange-rate table used to show amounts in one display currency.

mod commands;
mod convert;
mod rates;
pub(crate) mod views;
