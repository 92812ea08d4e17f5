//! Totals by provider, billing currency and month: what `cloudlens summary`
//! prints and what the end-to-end test compares the Overview against.

use serde::Serialize;

use crate::{ApiError, CloudLens};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRowView {
    pub provider: String,
    pub billing_currency: String,
    pub month: String,
    pub billed_cost: String,
    pub effective_cost: String,
    pub lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryView {
    pub lines: u64,
    pub totals: Vec<SummaryRowView>,
}

impl CloudLens {
    pub fn summary(&self) -> Result<SummaryView, ApiError> {
        let reader = self.reader()?;
        let rows = match self.view_zone() {
            Some(zone) => reader.lines().summary_in(&zone)?,
            None => reader.lines().summary()?,
        };
        let totals = rows
            .into_iter()
            .map(|r| SummaryRowView {
                provider: r.provider,
                billing_currency: r.billing_currency,
                month: r.month,
                billed_cost: r.billed_cost.to_string(),
                effective_cost: r.effective_cost.to_string(),
                lines: r.lines,
            })
            .collect();
        Ok(SummaryView {
            lines: reader.lines().line_count()?,
            totals,
        })
    }
}
