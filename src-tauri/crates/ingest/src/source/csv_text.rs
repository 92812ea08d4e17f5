//! CSV (plain, gzipped, or in a legacy text encoding) as a record stream.
//! RFC 4180 quoting, quoted newlines, a BOM and blank lines are handled by
//! the `csv` crate; a row with the wrong number of fields is an error
//! naming its line. Line numbers are counted here from the bytes, because
//! the `csv` crate's own count drifts on blank lines and CRLF endings.

use std::collections::VecDeque;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::sync::Mutex;

use csv::StringRecord;

use super::sniff::{io_error, text_reader, Sniffed};
use super::{RecordSource, SourceError};
use crate::Header;

pub struct CsvSource {
    path: PathBuf,
    reader: csv::Reader<Tracked>,
    header: Header,
    bytes: Arc<AtomicU64>,
    lines: Arc<Mutex<LineCount>>,
}

/// Where the lines end in the bytes the CSV reader has taken, from the last
/// record seen on: a small index instead of a copy of the text.
#[derive(Default)]
struct LineCount {
    /// Newlines not yet passed: (offset of the line's first byte, offset of
    /// its `\n`, whether the line is blank).
    ends: VecDeque<(u64, u64, bool)>,
    /// The 1-based line of the last record asked for.
    line: u64,
    /// Bytes indexed so far, where the current line began, and whether the
    /// last byte indexed was `\r`.
    seen: u64,
    line_start: u64,
    last_cr: bool,
}

impl LineCount {
    fn index(&mut self, buf: &[u8]) {
        for i in memchr::memchr_iter(b'\n', buf) {
            let at = self.seen + i as u64;
            let cr_before = if i > 0 {
                buf[i - 1] == b'\r'
            } else {
                self.last_cr
            };
            let len = at - self.line_start;
            let blank = len == 0 || (len == 1 && cr_before);
            self.ends.push_back((self.line_start, at, blank));
            self.line_start = at + 1;
        }
        if let Some(b) = buf.last() {
            self.last_cr = *b == b'\r';
        }
        self.seen += buf.len() as u64;
    }

    /// The line of the record the CSV reader says starts at byte `at`. Its
    /// position points at the previous line's terminator and includes blank
    /// lines it skipped; both are passed over here.
    fn line_at(&mut self, mut at: u64) -> u64 {
        while let Some(&(start, end, blank)) = self.ends.front() {
            let passed = end < at;
            let terminator_of_previous = start < at;
            let skipped_blank = blank && start == at;
            if !(passed || terminator_of_previous || skipped_blank) {
                break;
            }
            self.ends.pop_front();
            self.line += 1;
            at = at.max(end + 1);
        }
        self.line
    }
}

struct Tracked {
    inner: Box<dyn BufRead + Send>,
    lines: Arc<Mutex<LineCount>>,
}

impl Read for Tracked {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut l) = self.lines.lock() {
            l.index(&buf[..n]);
        }
        Ok(n)
    }
}

impl CsvSource {
    pub fn open(path: &Path, sniffed: &Sniffed) -> Result<Self, SourceError> {
        let (text, bytes) = text_reader(path, sniffed)?;
        let lines = Arc::new(Mutex::new(LineCount {
            line: 1,
            ..LineCount::default()
        }));
        let tracked = Tracked {
            inner: text,
            lines: Arc::clone(&lines),
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(sniffed.delimiter)
            .flexible(true)
            .has_headers(true)
            .buffer_capacity(1 << 16)
            .from_reader(tracked);
        let names = reader
            .headers()
            .map_err(|e| csv_error(path, e, &lines))?
            .clone();
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
            lines,
        })
    }
}

fn csv_error(path: &Path, e: csv::Error, lines: &Mutex<LineCount>) -> SourceError {
    let line = match e.position() {
        Some(p) => lines.lock().map_or(p.line(), |mut l| l.line_at(p.byte())),
        None => 0,
    };
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
                .map_err(|e| csv_error(&self.path, e, &self.lines))?
            {
                return Ok(None);
            }
            let at = rec.position().map_or(0, |p| p.byte());
            let line = self.lines.lock().map_or(0, |mut l| l.line_at(at));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(data: &str) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, data).unwrap();
        let sniffed = crate::source::sniff(&path).unwrap();
        let mut src = CsvSource::open(&path, &sniffed).unwrap();
        let mut rec = StringRecord::new();
        let mut out = Vec::new();
        while let Ok(Some(l)) = src.next_record(&mut rec) {
            out.push(l);
        }
        out
    }

    #[test]
    fn lines_are_physical_lines_with_lf_and_crlf_endings() {
        assert_eq!(lines_of("a,b\n1,2\n\"x\ny\",3\n\n4,5\n"), vec![2, 3, 6]);
        assert_eq!(
            lines_of("a,b\r\n1,2\r\n\"x\r\ny\",3\r\n\r\n4,5\r\n"),
            vec![2, 3, 6]
        );
    }
}
