//! Parquet as a record stream. Top-level columns become the header; each
//! value is rendered as text the mappers parse like CSV cells: decimals
//! exactly, timestamps as RFC 3339 UTC, and maps, lists and structs (CUR
//! 2.0's `resource_tags`, GCP's `labels`) as JSON text. Progress counts
//! rows against the row count in the footer.

use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use csv::StringRecord;
use parquet::data_type::Decimal as PqDecimal;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use serde_json::{Map, Value};

use super::sniff::io_error;
use super::{RecordSource, SourceError};
use crate::Header;

pub struct ParquetSource {
    path: PathBuf,
    rows: RowIter<'static>,
    header: Header,
    row: u64,
    total_rows: u64,
    file_size: u64,
}

impl ParquetSource {
    pub fn open(path: &Path) -> Result<Self, SourceError> {
        let file = File::open(path).map_err(|e| io_error(path, &e))?;
        let file_size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bad = |e: parquet::errors::ParquetError| SourceError::Unsupported {
            path: path.to_path_buf(),
            message: format!("not a readable Parquet file: {e}"),
        };
        let reader = SerializedFileReader::new(file).map_err(bad)?;
        let meta = reader.metadata().file_metadata();
        let total_rows = u64::try_from(meta.num_rows()).unwrap_or(0);
        let header = Header::new(
            meta.schema()
                .get_fields()
                .iter()
                .map(|f| f.name().to_string()),
        );
        let rows = RowIter::from_file_into(Box::new(reader));
        Ok(Self {
            path: path.to_path_buf(),
            rows,
            header,
            row: 0,
            total_rows,
            file_size,
        })
    }
}

impl RecordSource for ParquetSource {
    fn header(&self) -> &Header {
        &self.header
    }

    fn next_record(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, SourceError> {
        let Some(row) = self.rows.next() else {
            return Ok(None);
        };
        self.row += 1;
        let row = row.map_err(|e| SourceError::Malformed {
            path: self.path.clone(),
            line: self.row,
            message: format!("unreadable row: {e}"),
        })?;
        rec.clear();
        let mut text = String::new();
        for (_, field) in row.get_column_iter() {
            text.clear();
            render(field, &mut text);
            rec.push_field(&text);
        }
        Ok(Some(self.row))
    }

    fn bytes_read(&self) -> u64 {
        if self.total_rows == 0 {
            return 0;
        }
        (u128::from(self.file_size) * u128::from(self.row) / u128::from(self.total_rows)) as u64
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

fn render(field: &Field, out: &mut String) {
    use std::fmt::Write;
    match field {
        Field::Null => {}
        Field::Str(s) => out.push_str(s),
        Field::Decimal(d) => out.push_str(&decimal_text(d)),
        Field::Bytes(b) => match std::str::from_utf8(b.data()) {
            Ok(s) => out.push_str(s),
            Err(_) => out.push_str(&hex::encode(b.data())),
        },
        Field::Date(days) => {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
            if let Some(d) =
                epoch.and_then(|e| e.checked_add_signed(chrono::Duration::days(i64::from(*days))))
            {
                let _ = write!(out, "{}", d.format("%Y-%m-%d"));
            }
        }
        Field::TimestampMillis(ms) => timestamp(*ms / 1000, (*ms % 1000) * 1_000_000, out),
        Field::TimestampMicros(us) => timestamp(*us / 1_000_000, (*us % 1_000_000) * 1000, out),
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
            out.push_str(&json(field).to_string());
        }
        // Numbers, booleans and times: Rust's shortest round-trip text.
        Field::Double(v) => {
            let _ = write!(out, "{v}");
        }
        Field::Float(v) => {
            let _ = write!(out, "{v}");
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn timestamp(secs: i64, nanos: i64, out: &mut String) {
    use std::fmt::Write;
    if let Some(t) = DateTime::from_timestamp(secs, nanos.max(0) as u32) {
        let _ = write!(out, "{}", t.format("%Y-%m-%dT%H:%M:%S%.fZ"));
    }
}

/// A Parquet decimal as exact text from its unscaled big-endian integer.
fn decimal_text(d: &PqDecimal) -> String {
    let bytes = d.data();
    if bytes.is_empty() || bytes.len() > 16 || d.scale() < 0 || d.scale() > 28 {
        return format!("{}", Field::Decimal(d.clone()));
    }
    let mut buf = if bytes[0] & 0x80 != 0 {
        [0xffu8; 16]
    } else {
        [0u8; 16]
    };
    buf[16 - bytes.len()..].copy_from_slice(bytes);
    let unscaled = i128::from_be_bytes(buf);
    rust_decimal::Decimal::try_from_i128_with_scale(unscaled, d.scale() as u32).map_or_else(
        |_| format!("{}", Field::Decimal(d.clone())),
        |v| v.to_string(),
    )
}

fn json(field: &Field) -> Value {
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Group(row) => Value::Object(
            row.get_column_iter()
                .map(|(k, v)| (k.clone(), json(v)))
                .collect::<Map<_, _>>(),
        ),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(json).collect()),
        Field::MapInternal(map) => Value::Object(
            map.entries()
                .iter()
                .map(|(k, v)| {
                    let mut key = String::new();
                    render(k, &mut key);
                    (key, json(v))
                })
                .collect(),
        ),
        Field::Byte(_)
        | Field::Short(_)
        | Field::Int(_)
        | Field::Long(_)
        | Field::UByte(_)
        | Field::UShort(_)
        | Field::UInt(_)
        | Field::ULong(_) => {
            let mut s = String::new();
            render(field, &mut s);
            s.parse::<serde_json::Number>()
                .map_or(Value::String(s), Value::Number)
        }
        other => {
            let mut s = String::new();
            render(other, &mut s);
            Value::String(s)
        }
    }
}
