//! Tables written as XLSX: text cells as text, amount columns as typed
//! numbers (never formulas), so a spreadsheet sums, sorts and formats them.
//! The stored amounts are exact decimals; a spreadsheet number is a double,
//! so the conversion happens here, at the file's edge, and nowhere earlier.

use crate::{ApiError, ErrorCode};

fn io(path: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("could not write {path}: {e}"))
}

/// Writes `header` and `rows` to one sheet; a cell of a `numeric` column
/// that reads as a number is written as one, an empty one stays empty.
pub(crate) fn write_xlsx<R: AsRef<[String]>>(
    path: &str,
    header: &[String],
    rows: &[R],
    numeric: &[usize],
) -> Result<(), ApiError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(0, col(c), h, &bold)
            .map_err(|e| io(path, e))?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|e| io(path, e))?;
        for (c, v) in cells.as_ref().iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let number = numeric
                .contains(&c)
                .then(|| v.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => sheet.write_number(r, col(c), n),
                None => sheet.write_string(r, col(c), v),
            }
            .map_err(|e| io(path, e))?;
        }
    }
    book.save(path).map_err(|e| io(path, e))
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
