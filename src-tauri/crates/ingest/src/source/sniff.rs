//! Telling a file's encoding from its first bytes: gzip and Parquet by their
//! magic numbers, JSON lines by a leading `{`, and the text encoding of CSV
//! (UTF-8, UTF-16 with a BOM, or GB18030, which older Chinese consoles write).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use encoding_rs::Encoding as TextEncoding;
use flate2::read::MultiGzDecoder;

use super::{Encoding, SourceError};

const PEEK: usize = 64 * 1024;

pub struct Sniffed {
    pub encoding: Encoding,
    /// `None` for UTF-8; otherwise the encoding to transcode from.
    pub text: Option<&'static TextEncoding>,
    /// The field delimiter for CSV.
    pub delimiter: u8,
}

pub fn io_error(path: &Path, e: &std::io::Error) -> SourceError {
    let message = match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            "the file ends early (truncated or incomplete download?)".to_string()
        }
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.to_string().contains("invalid gzip header")
            || e.to_string().contains("corrupt deflate") =>
        {
            "the gzip data is corrupt".to_string()
        }
        _ => e.to_string(),
    };
    SourceError::Io {
        path: path.to_path_buf(),
        message,
    }
}

pub fn sniff(path: &Path) -> Result<Sniffed, SourceError> {
    let mut file = File::open(path).map_err(|e| io_error(path, &e))?;
    let mut magic = [0u8; 4];
    let n = read_up_to(&mut file, &mut magic).map_err(|e| io_error(path, &e))?;
    if n == 0 {
        return Err(SourceError::Unsupported {
            path: path.to_path_buf(),
            message: "the file is empty".to_string(),
        });
    }
    if magic == *b"PAR1" {
        return Ok(Sniffed {
            encoding: Encoding::Parquet,
            text: None,
            delimiter: b',',
        });
    }
    let gz = magic[..2] == [0x1f, 0x8b];
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    let mut head = Vec::with_capacity(PEEK);
    let reader: Box<dyn Read> = if gz {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    // A truncated gzip may fail even here; that is reported when reading.
    let _ = BufReader::new(reader)
        .take(PEEK as u64)
        .read_to_end(&mut head);
    let text = text_encoding(&head);
    let first = head
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(&head)
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    let encoding = match (first == Some(b'{') && text.is_none(), gz) {
        (true, false) => Encoding::JsonLines,
        (true, true) => Encoding::JsonLinesGzip,
        (false, false) => Encoding::Csv,
        (false, true) => Encoding::CsvGzip,
    };
    Ok(Sniffed {
        encoding,
        text,
        delimiter: delimiter(&head),
    })
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

fn text_encoding(head: &[u8]) -> Option<&'static TextEncoding> {
    if head.starts_with(b"\xff\xfe") {
        return Some(encoding_rs::UTF_16LE);
    }
    if head.starts_with(b"\xfe\xff") {
        return Some(encoding_rs::UTF_16BE);
    }
    match std::str::from_utf8(head) {
        Ok(_) => None,
        // The peek may cut a character in two at its end.
        Err(e) if e.error_len().is_none() => None,
        Err(_) => Some(encoding_rs::GB18030),
    }
}

/// The delimiter of the header line: the most frequent of `,` `;` tab `|`
/// outside quotes, comma when none.
fn delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in line {
        if *b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in counts.iter_mut() {
                if c.0 == *b {
                    c.1 += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|c| c.1)
        .filter(|c| c.1 > 0)
        .map_or(b',', |c| c.0)
}

/// A buffered text reader of the file's contents, decompressed and
/// transcoded to UTF-8, counting the file bytes consumed.
pub fn text_reader(
    path: &Path,
    sniffed: &Sniffed,
) -> Result<
    (
        Box<dyn BufRead + Send>,
        std::sync::Arc<std::sync::atomic::AtomicU64>,
    ),
    SourceError,
> {
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    let (counted, count) = super::counting::Counting::new(file);
    let raw: Box<dyn Read + Send> = match sniffed.encoding {
        Encoding::CsvGzip | Encoding::JsonLinesGzip => Box::new(MultiGzDecoder::new(
            BufReader::with_capacity(1 << 16, counted),
        )),
        _ => Box::new(counted),
    };
    let decoded: Box<dyn Read + Send> = match sniffed.text {
        None => raw,
        Some(enc) => Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .build(raw),
        ),
    };
    Ok((Box::new(BufReader::with_capacity(1 << 18, decoded)), count))
}
