//! Every table as its own UTF-8 CSV file (with a byte-order mark, so
//! spreadsheet programs read Chinese correctly), together in one zip.
//! Values are exact: money as its full decimal with a currency column beside
//! it, percentages as decimals, dates as ISO 8601.

use std::io::Write;

use zip::write::SimpleFileOptions;

use crate::format::labels;
use crate::model::{Cell, Document, Table};
use crate::ReportError;

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Csv(e.to_string())
}

/// A file name from the table's id: ASCII letters, digits, `-` and `_` only.
fn file_name(n: usize, section: usize, t: &Table) -> String {
    let id: String =
        t.id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
    format!("{:02}-{:02}-{id}.csv", section + 1, n + 1)
}

/// Columns holding money get a currency column after them.
fn money_columns(t: &Table) -> Vec<bool> {
    (0..t.columns.len())
        .map(|i| {
            t.rows
                .iter()
                .chain(t.total.iter())
                .any(|r| matches!(r.get(i), Some(Cell::Money { .. })))
        })
        .collect()
}

fn record(row: &[Cell], money: &[bool]) -> Vec<String> {
    let mut out = Vec::with_capacity(row.len() * 2);
    for (i, is_money) in money.iter().enumerate() {
        let c = row.get(i).unwrap_or(&Cell::Empty);
        let (value, currency) = match c {
            Cell::Empty => (String::new(), String::new()),
            Cell::Text(s) => (s.clone(), String::new()),
            Cell::Money { amount, currency } => (amount.normalize().to_string(), currency.clone()),
            Cell::Percent(p) => (p.normalize().to_string(), String::new()),
            Cell::Date(d) => (d.format("%Y-%m-%d").to_string(), String::new()),
            Cell::Integer(n) => (n.to_string(), String::new()),
            Cell::Decimal(d) => (d.normalize().to_string(), String::new()),
        };
        out.push(value);
        if *is_money {
            out.push(currency);
        }
    }
    out
}

fn table_csv(t: &Table, currency_label: &str) -> Result<Vec<u8>, ReportError> {
    let money = money_columns(t);
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header = Vec::new();
    for (h, m) in t.columns.iter().zip(&money) {
        header.push(h.clone());
        if *m {
            header.push(format!("{h} ({currency_label})"));
        }
    }
    w.write_record(&header).map_err(err)?;
    for r in t.rows.iter().chain(t.total.iter()) {
        w.write_record(record(r, &money)).map_err(err)?;
    }
    w.into_inner().map_err(err)
}

pub fn render(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let l = labels(doc.language);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut per_section = std::collections::HashMap::<usize, usize>::new();
    for (section, t) in doc.tables() {
        let n = per_section.entry(section).or_default();
        zip.start_file(file_name(*n, section, t), opts)
            .map_err(err)?;
        *n += 1;
        zip.write_all(&table_csv(t, l.currency_column)?)
            .map_err(err)?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}
