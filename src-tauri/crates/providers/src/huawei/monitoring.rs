//! Cloud Eye is not read: the APIs in our references (API-NOTES) document
//! none of its metrics, so the client offers no utilisation and sends
//! nothing for it.

use chrono::NaiveDate;

use super::Client;
use crate::{ProviderError, UtilPoint};

impl Client {
    /// Instances per utilisation request: none are read.
    pub fn utilisation_batch(&self) -> usize {
        0
    }

    pub async fn utilisation(
        &self,
        _region: &str,
        _ids: &[String],
        _from: NaiveDate,
        _to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        Ok(Vec::new())
    }
}
