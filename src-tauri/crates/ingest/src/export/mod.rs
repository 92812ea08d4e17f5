//! The store's lines out again as FOCUS 1.2 cost and usage data, in CSV or
//! Parquet: every FOCUS 1.2 column (null where the line has no value), then
//! the lines' custom `x_` fields as columns of their own. Writers stream:
//! memory does not grow with the number of lines.

mod columns;
mod csv;
mod parquet;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use cloudlens_model::CostLine;
use cloudlens_store::{LineFilter, Lines, StoreError};

pub use self::columns::{write_decimal, write_time, ExtraColumns, FocusColumn, Kind};
pub use self::csv::FocusCsvWriter;
pub use self::parquet::{FocusParquetWriter, ROW_GROUP_BYTES, ROW_GROUP_ROWS};

/// A FOCUS file being written, one line at a time.
pub trait FocusSink {
    fn write(&mut self, line: &CostLine) -> Result<(), ExportError>;
    /// Completes the file (Parquet footer) and flushes it.
    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub lines: u64,
    /// The custom columns after the FOCUS ones, in file order.
    pub extra_columns: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Parquet,
}

impl ExportFormat {
    /// From the file name's extension, `.csv` or `.parquet` in any case.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("csv") {
            Some(ExportFormat::Csv)
        } else if ext.eq_ignore_ascii_case("parquet") {
            Some(ExportFormat::Parquet)
        } else {
            None
        }
    }

    /// A writer of this format over `out`.
    pub fn sink<W: Write + Send + 'static>(
        self,
        out: W,
        columns: ExtraColumns,
    ) -> Result<Box<dyn FocusSink>, ExportError> {
        Ok(match self {
            ExportFormat::Csv => Box::new(FocusCsvWriter::new(out, columns)?),
            ExportFormat::Parquet => Box::new(FocusParquetWriter::new(out, columns)?),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}: choose a file name ending in .csv or .parquet")]
    UnsupportedFormat(PathBuf),
    #[error("CSV output failed: {0}")]
    Csv(String),
    #[error("Parquet output failed: {0}")]
    Parquet(String),
    #[error("line {row}: {column} value {value} cannot be written")]
    BadValue {
        row: u64,
        column: String,
        value: String,
    },
    #[error("line {row}: {column} value {value} has more than {scale} decimal places or 38 digits, which the Parquet column holds; export as CSV to keep it exactly")]
    Unrepresentable {
        row: u64,
        column: String,
        value: String,
        scale: u32,
    },
    #[error("line {row}: extra field {key} is not among the export's columns (the store may have changed during the export; try again)")]
    UnknownExtra { row: u64, key: String },
}

impl From<::csv::Error> for ExportError {
    fn from(e: ::csv::Error) -> Self {
        match e.into_kind() {
            ::csv::ErrorKind::Io(io) => ExportError::Io(io),
            other => ExportError::Csv(format!("{other:?}")),
        }
    }
}

impl From<::parquet::errors::ParquetError> for ExportError {
    fn from(e: ::parquet::errors::ParquetError) -> Self {
        match e {
            ::parquet::errors::ParquetError::External(inner) => {
                match inner.downcast::<std::io::Error>() {
                    Ok(io) => ExportError::Io(*io),
                    Err(other) => ExportError::Parquet(other.to_string()),
                }
            }
            other => ExportError::Parquet(other.to_string()),
        }
    }
}

/// Exports the lines matching `filter` to `path` as FOCUS 1.2, in the
/// format its extension names. The file appears only when complete: lines
/// go to a temporary file in the same folder, renamed over `path` at the end
/// and removed on any error.
pub fn export_focus(
    store: Lines<'_>,
    filter: &LineFilter,
    path: &Path,
) -> Result<ExportSummary, ExportError> {
    let format = ExportFormat::from_path(path)
        .ok_or_else(|| ExportError::UnsupportedFormat(path.to_path_buf()))?;
    let columns = ExtraColumns::from_keys(store.extras_keys(filter)?);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_error = |source| ExportError::File {
        path: path.to_path_buf(),
        source,
    };
    let temp = tempfile::Builder::new()
        .prefix(".cloudlens-export-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(file_error)?;
    let out = BufWriter::with_capacity(1 << 20, temp.as_file().try_clone().map_err(file_error)?);
    let mut sink = format.sink(out, columns)?;
    let written = store.scan_lines(filter, |line| sink.write(&line))?;
    let summary = sink.finish().map_err(|e| match e {
        ExportError::Io(source) => file_error(source),
        other => other,
    })?;
    debug_assert_eq!(written, summary.lines);
    temp.as_file().sync_all().map_err(file_error)?;
    temp.persist(path).map_err(|e| file_error(e.error))?;
    Ok(summary)
}
