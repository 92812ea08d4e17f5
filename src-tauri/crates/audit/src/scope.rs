//! What a pack covers: whole billing months and dimension filters, checked
//! and turned into the store's line filter.

use chrono::NaiveDate;
use cloudlens_model::{day_start, next_month};
use cloudlens_store::LineFilter;
use serde::{Deserialize, Serialize};

use crate::PackError;

/// Months are `YYYY-MM`, both included; filters are `DIM=VALUE`, values of
/// one dimension being alternatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackScope {
    pub from: String,
    pub to: String,
    pub filters: Vec<String>,
}

/// The dimensions a pack may be cut by (the store's line filter).
pub const FILTER_DIMENSIONS: &[&str] = &[
    "provider",
    "billing_account",
    "sub_account",
    "service",
    "currency",
];

fn month(field: &str, text: &str) -> Result<NaiveDate, PackError> {
    NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").map_err(|_| {
        PackError::InvalidInput(format!(
            "--{field}: '{text}' is not a month such as 2025-01 (YYYY-MM)"
        ))
    })
}

impl PackScope {
    pub fn to_filter(&self) -> Result<LineFilter, PackError> {
        let from = month("from", &self.from)?;
        let to = month("to", &self.to)?;
        if to < from {
            return Err(PackError::InvalidInput(format!(
                "--to {} is before --from {}",
                self.to, self.from
            )));
        }
        let mut f = LineFilter {
            from: Some(day_start(from)),
            to: Some(day_start(next_month(to))),
            ..LineFilter::default()
        };
        for (i, text) in self.filters.iter().enumerate() {
            let Some((dim, value)) = text.split_once('=') else {
                return Err(PackError::InvalidInput(format!(
                    "--filter {} ('{text}'): expected DIM=VALUE, DIM one of {}",
                    i + 1,
                    FILTER_DIMENSIONS.join(", ")
                )));
            };
            let list = match dim.trim() {
                "provider" => &mut f.providers,
                "billing_account" => &mut f.billing_account_ids,
                "sub_account" => &mut f.sub_account_ids,
                "service" => &mut f.service_names,
                "currency" => &mut f.billing_currencies,
                other => {
                    return Err(PackError::InvalidInput(format!(
                        "--filter {} ('{text}'): unknown dimension '{other}', expected one of {}",
                        i + 1,
                        FILTER_DIMENSIONS.join(", ")
                    )))
                }
            };
            list.push(value.trim().to_string());
        }
        Ok(f)
    }
}
