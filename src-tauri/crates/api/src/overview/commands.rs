//! The Overview as the session serves it.

use crate::{ApiError, CostMetric, Locale, OverviewView, Session};

impl Session {
    pub fn overview(&self, metric: CostMetric, locale: Locale) -> Result<OverviewView, ApiError> {
        self.with_ready(|cl| cl.overview(metric, locale))
    }
}
