//! The recommendation list as CSV or XLSX: one row per recommendation, the
//! saving a typed number in a spreadsheet.

use std::path::Path;

use super::convert::{kind_name, status_name};
use super::views::{RecommendationQuery, RecommendationView};
use crate::{ApiError, CloudLens, ErrorCode, Locale, TableFormat};

const HEADER: [&str; 17] = [
    "id",
    "kind",
    "finding",
    "provider",
    "billing_account",
    "region",
    "service",
    "resource",
    "resource_name",
    "action",
    "console",
    "monthly_saving",
    "currency",
    "confidence",
    "status",
    "status_note",
    "realised_saving",
];
/// Columns written as numbers in a spreadsheet.
const NUMERIC: [usize; 3] = [11, 13, 16];

fn row(v: &RecommendationView) -> [String; 17] {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    [
        v.id.clone(),
        kind_name(v.kind).to_string(),
        v.finding.clone(),
        v.provider.clone(),
        v.billing_account.clone(),
        o(&v.region),
        o(&v.service),
        o(&v.resource),
        o(&v.resource_name),
        v.action.clone(),
        v.console.clone(),
        v.monthly_saving.clone(),
        v.currency.clone(),
        v.confidence.to_string(),
        status_name(v.status).to_string(),
        o(&v.status_note),
        o(&v.realised_saving),
    ]
}

fn io(path: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("could not write {path}: {e}"))
}

fn csv_rows(rows: &[[String; 17]], out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()?;
    Ok(())
}

impl CloudLens {
    /// The same table as CSV on any writer (the CLI's standard output).
    pub fn write_recommendations_csv(
        &self,
        query: &RecommendationQuery,
        locale: Locale,
        out: impl std::io::Write,
    ) -> Result<u32, ApiError> {
        let list = self.recommendations(query, locale)?;
        let rows: Vec<[String; 17]> = list.items.iter().map(row).collect();
        csv_rows(&rows, out).map_err(|e| io("standard output", e))?;
        Ok(rows.len() as u32)
    }

    /// Writes the kept recommendations that pass `query` to `path`; returns the row count.
    pub fn export_recommendations(
        &self,
        query: &RecommendationQuery,
        locale: Locale,
        format: TableFormat,
        path: &str,
    ) -> Result<u32, ApiError> {
        let list = self.recommendations(query, locale)?;
        let rows: Vec<[String; 17]> = list.items.iter().map(row).collect();
        match format {
            TableFormat::Csv => {
                let file = std::fs::File::create(Path::new(path)).map_err(|e| io(path, e))?;
                csv_rows(&rows, file).map_err(|e| io(path, e))?;
            }
            TableFormat::Xlsx => {
                let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
                crate::spreadsheet::write_xlsx(path, &header, &rows, &NUMERIC)?
            }
        }
        Ok(rows.len() as u32)
    }
}
