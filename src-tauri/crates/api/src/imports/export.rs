//! FOCUS 1.2 export of a filtered set of lines.

use std::path::Path;

use chrono::NaiveDate;
use cloudlens_store::LineFilter;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ApiError, CloudLens, ErrorCode};

/// Which lines to export; empty lists and missing dates mean no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExportFilter {
    /// First charge day included, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// First charge day excluded, `YYYY-MM-DD`.
    pub to: Option<String>,
    pub providers: Vec<String>,
    pub billing_accounts: Vec<String>,
    pub sub_accounts: Vec<String>,
    pub services: Vec<String>,
    pub currencies: Vec<String>,
    /// Only the lines of one import.
    pub run_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ExportResult {
    pub path: String,
    pub lines: u64,
    pub extra_columns: Vec<String>,
}

fn day(field: &str, v: &Option<String>) -> Result<Option<i64>, ApiError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(cloudlens_model::day_start)
                .map_err(|_| {
                    ApiError::new(
                        ErrorCode::InvalidInput,
                        format!("{field}: '{s}' is not a date such as 2025-01-31"),
                    )
                })
        })
        .transpose()
}

impl ExportFilter {
    pub(crate) fn to_store(&self) -> Result<LineFilter, ApiError> {
        Ok(LineFilter {
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            providers: self.providers.clone(),
            billing_account_ids: self.billing_accounts.clone(),
            sub_account_ids: self.sub_accounts.clone(),
            service_names: self.services.clone(),
            billing_currencies: self.currencies.clone(),
            run_id: self.run_id,
        })
    }
}

impl CloudLens {
    /// Writes the filtered lines to `path` (`.csv` or `.parquet`), whole or
    /// not at all.
    pub fn export_focus(
        &self,
        path: &str,
        filter: &ExportFilter,
    ) -> Result<ExportResult, ApiError> {
        let filter = filter.to_store()?;
        let reader = self.reader()?;
        // The extra columns and the lines come from the same commit.
        let summary = reader
            .lines()
            .consistent(|lines| cloudlens_ingest::export_focus(lines, &filter, Path::new(path)))
            .map_err(|e| match e {
                cloudlens_ingest::ExportError::UnsupportedFormat(_) => {
                    ApiError::new(ErrorCode::InvalidInput, e.to_string())
                }
                other => ApiError::new(ErrorCode::Storage, other.to_string()),
            })?;
        Ok(ExportResult {
            path: path.to_string(),
            lines: summary.lines,
            extra_columns: summary.extra_columns,
        })
    }
}
