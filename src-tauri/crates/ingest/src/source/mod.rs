//! Where rows come from: CSV (plain or gzipped), newline-delimited JSON and
//! Parquet, each read as a stream of text records under one header, so
//! memory stays flat whatever the file size.

use std::path::{Path, PathBuf};

use csv::StringRecord;

use crate::Header;

mod counting;
mod csv_text;
mod jsonl;
mod parquet_rows;
mod sniff;

pub use sniff::{io_error, sniff, Sniffed};

/// How a file is encoded, found from its first bytes and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Csv,
    CsvGzip,
    JsonLines,
    JsonLinesGzip,
    Parquet,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Csv => "CSV",
            Encoding::CsvGzip => "CSV (gzip)",
            Encoding::JsonLines => "JSON lines",
            Encoding::JsonLinesGzip => "JSON lines (gzip)",
            Encoding::Parquet => "Parquet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("{path}, line {line}: {message}")]
    Malformed {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// One row is unreadable but the rows after it can still be read.
    #[error("{path}, line {line}: {message}")]
    BadRow {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}")]
    Unsupported { path: PathBuf, message: String },
}

/// A stream of rows under one header.
pub trait RecordSource: Send {
    fn header(&self) -> &Header;
    /// Reads the next data row into `rec` and returns its position: the
    /// 1-based physical line where it starts (text) or its 1-based row
    /// number (Parquet). `None` at the end.
    fn next_record(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, SourceError>;
    /// Bytes consumed from the file so far (compressed bytes when gzipped),
    /// for progress against the file size.
    fn bytes_read(&self) -> u64;
    fn path(&self) -> &Path;
}

/// Opens a file as a record stream of whatever encoding it has.
pub fn open(path: &Path) -> Result<(Box<dyn RecordSource>, Encoding), SourceError> {
    let sniffed = sniff(path)?;
    let source: Box<dyn RecordSource> = match sniffed.encoding {
        Encoding::Csv | Encoding::CsvGzip => Box::new(csv_text::CsvSource::open(path, &sniffed)?),
        Encoding::JsonLines | Encoding::JsonLinesGzip => {
            Box::new(jsonl::JsonLinesSource::open(path, &sniffed)?)
        }
        Encoding::Parquet => Box::new(parquet_rows::ParquetSource::open(path)?),
    };
    Ok((source, sniffed.encoding))
}
