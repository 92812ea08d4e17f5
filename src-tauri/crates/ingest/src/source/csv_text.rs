//! CSV (plain, gzipped, or in a legacy text encoding) as a record stream.
//! RFC 4180 quoting, quoted newlines, a BOM and blank lines are handled by
//! the `csv` crate; a row with the wrong number of fields is an error
//! naming its line.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use csv::StringRecord;

use super::sniff::{io_error, text_reader, Sniffed};
use super::{RecordSource, SourceError};
use crate::record::Header;

pub struct CsvSource {
    path: PathBuf,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    header: Header,
    bytes: Arc<AtomicU64>,
}

impl CsvSource {
    pub fn open(path: &Path, sniffed: &Sniffed) -> Result<Self, SourceError> {
        let (text, bytes) = text_reader(path, sniffed)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sniffed.delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text);
        let names = reader.headers().map_err(|e| csv_error(path, e))?.clone();
        let header = Header::new(names.iter());
        if header.is_empty() || header.names().iter().all(String::is_empty) {
            return Err(SourceError::Unsupported {
                path: path.to_path_buf(),
                message: "the file has no header line".to_string(),
            });
        }
        Ok(Self {
            path: path.to_path_buf(),
            reader,
            header,
            bytes,
        })
    }
}

fn csv_error(path: &Path, e: csv::Error) -> SourceError {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io_error(path, &io),
        csv::ErrorKind::Utf8 { err, .. } => SourceError::BadRow {
            path: path.to_path_buf(),
            line,
            message: format!("field {} is not valid UTF-8 text", err.field() + 1),
        },
        other => SourceError::Malformed {
            path: path.to_path_buf(),
            line,
            message: format!("{other:?}"),
        },
    }
}

impl RecordSource for CsvSource {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_record(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, SourceError> {
        loop {
            if !self
                .reader
                .read_record(rec)
                .map_err(|e| csv_error(&self.path, e))?
            {
                return Ok(None);
            }
            let line = rec.position().map_or(0, |p| p.line());
            // A line of only a delimiter-free empty field is a blank line.
            if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
                continue;
            }
            if rec.len() != self.header.len() {
                return Err(SourceError::BadRow {
                    path: self.path.clone(),
                    line,
                    message: format!(
                        "{} fields where the header has {} (an unquoted delimiter or newline?)",
                        rec.len(),
                        self.header.len()
                    ),
                });
            }
            return Ok(Some(line));
        }
    }

    fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    fn path(&self) -> &Path {
        &self.path
    }
}
