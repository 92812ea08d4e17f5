//! Export of exactly the table the explorer shows: group totals (one row per
//! group and currency, with its share) or rows per period. Amounts are
//! written as numbers with the exact decimal text.

use std::path::Path;

use crate::{ApiError, CloudLens, ErrorCode, ExploreQuery, ExploreResult, TableFormat};

impl CloudLens {
    /// Writes exactly the table `query` shows; returns the rows written.
    pub fn export_table(
        &self,
        query: &ExploreQuery,
        by_period: bool,
        format: TableFormat,
        path: &str,
    ) -> Result<u32, ApiError> {
        let (outcome, elapsed) = self.explore_outcome(query)?;
        let result = crate::explore::run::result_view(query, &outcome, elapsed);
        write(&result, by_period, format, path)
    }
}

fn io(path: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("could not write {path}: {e}"))
}

/// The header and rows as text cells; amount columns are marked numeric.
pub(crate) fn table(
    r: &ExploreResult,
    by_period: bool,
) -> (Vec<String>, Vec<Vec<String>>, Vec<usize>) {
    let dims: Vec<String> = if r.query.group_by.is_empty() {
        Vec::new()
    } else {
        r.query.group_by.clone()
    };
    let cell = |g: &Option<String>| g.clone().unwrap_or_default();
    if by_period {
        let mut header = vec!["period".to_string()];
        header.extend(dims.iter().cloned());
        header.extend(["currency".to_string(), "amount".to_string()]);
        let amount_col = header.len() - 1;
        let rows = r
            .rows
            .iter()
            .map(|row| {
                let mut v = vec![row.period.clone()];
                v.extend(row.groups.iter().take(dims.len()).map(cell));
                v.extend([row.currency.clone(), row.amount.clone()]);
                v
            })
            .collect();
        (header, rows, vec![amount_col])
    } else {
        let mut header = dims.clone();
        header.extend([
            "currency".to_string(),
            "amount".to_string(),
            "share_percent".to_string(),
        ]);
        let n = header.len();
        let rows = r
            .totals
            .iter()
            .map(|t| {
                let mut v: Vec<String> = t.groups.iter().take(dims.len()).map(cell).collect();
                v.extend([t.currency.clone(), t.amount.clone(), t.share.clone()]);
                v
            })
            .collect();
        (header, rows, vec![n - 2, n - 1])
    }
}

pub(crate) fn write(
    r: &ExploreResult,
    by_period: bool,
    format: TableFormat,
    path: &str,
) -> Result<u32, ApiError> {
    let (header, rows, numeric) = table(r, by_period);
    match format {
        TableFormat::Csv => {
            let mut w = csv::Writer::from_path(Path::new(path)).map_err(|e| io(path, e))?;
            w.write_record(&header).map_err(|e| io(path, e))?;
            for row in &rows {
                w.write_record(row).map_err(|e| io(path, e))?;
            }
            w.flush().map_err(|e| io(path, e))?;
        }
        TableFormat::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (c, h) in header.iter().enumerate() {
                sheet
                    .write_string(0, c as u16, h)
                    .map_err(|e| io(path, e))?;
            }
            for (r_i, row) in rows.iter().enumerate() {
                let r_n = r_i as u32 + 1;
                for (c, v) in row.iter().enumerate() {
                    // Numbers as numbers with their exact text as the formula result, so
                    // a spreadsheet sums them and shows every decimal.
                    if numeric.contains(&c) && v.parse::<f64>().is_ok() {
                        {
                            let formula =
                                rust_xlsxwriter::Formula::new(v.as_str()).set_result(v.as_str());
                            sheet
                                .write_formula(r_n, c as u16, formula)
                                .map_err(|e| io(path, e))?;
                            continue;
                        }
                    }
                    sheet
                        .write_string(r_n, c as u16, v)
                        .map_err(|e| io(path, e))?;
                }
            }
            book.save(path).map_err(|e| io(path, e))?;
        }
    }
    Ok(rows.len() as u32)
}
