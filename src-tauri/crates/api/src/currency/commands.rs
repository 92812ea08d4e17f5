//! The exchange-rate table as the session serves it: each forwards to the
//! open store's `CloudLens`.

use crate::{ApiError, ExchangeRate, RateImportResult, Session};

impl Session {
    pub fn exchange_rates(&self) -> Result<Vec<ExchangeRate>, ApiError> {
        self.with_ready(|cl| cl.exchange_rates())
    }

    /// Adds or replaces the rate for (date, from, to).
    pub fn set_exchange_rate(&self, rate: ExchangeRate) -> Result<(), ApiError> {
        self.with_ready(|cl| cl.set_exchange_rate(&rate))
    }

    pub fn remove_exchange_rate(&self, rate: ExchangeRate) -> Result<(), ApiError> {
        self.with_ready(|cl| cl.remove_exchange_rate(&rate))
    }

    /// Imports `date,from,to,rate` rows from a CSV file.
    pub fn import_exchange_rates(&self, path: String) -> Result<RateImportResult, ApiError> {
        self.with_ready(|cl| cl.import_exchange_rates(&path))
    }
}
