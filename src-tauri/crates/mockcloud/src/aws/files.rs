//! Export files as Data Exports writes them: a header and rows of cells,
//! as gzipped CSV (RFC 4180, times as `2025-01-01T00:00:00Z`) or as
//! Parquet (text as UTF-8 byte arrays, amounts as doubles, times as UTC
//! millisecond timestamps), written with the parquet crate's column writers.

use std::io::Write;
use std::sync::Arc;

use flate2::write::GzEncoder;
use parquet::basic::{Compression, LogicalType, Repetition, TimeUnit, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// How a column is typed in Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Time,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    /// Hundredths (`1234` is 12.34).
    Cents(i64),
    /// Unix seconds.
    Time(i64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Cents(c) => crate::cents_text(*c),
            Cell::Time(t) => chrono::DateTime::from_timestamp(*t, 0)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_default(),
        }
    }
}

/// How the files of an export are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    CsvGzip,
    Parquet,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::CsvGzip => "csv.gz",
            FileFormat::Parquet => "snappy.parquet",
        }
    }
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn write(
    format: FileFormat,
    columns: &[(&str, Kind)],
    rows: &[Vec<Cell>],
) -> std::io::Result<Vec<u8>> {
    match format {
        FileFormat::CsvGzip => csv_gzip(columns, rows),
        FileFormat::Parquet => parquet_file(columns, rows).map_err(std::io::Error::other),
    }
}

fn csv_gzip(columns: &[(&str, Kind)], rows: &[Vec<Cell>]) -> std::io::Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let header: Vec<String> = columns.iter().map(|(n, _)| quote(n)).collect();
    writeln!(gz, "{}", header.join(","))?;
    let mut line = String::new();
    for row in rows {
        line.clear();
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push_str(&quote(&c.text()));
        }
        line.push('\n');
        gz.write_all(line.as_bytes())?;
    }
    gz.finish()
}

const ROW_GROUP: usize = 65_536;

fn parquet_file(columns: &[(&str, Kind)], rows: &[Vec<Cell>]) -> parquet::errors::Result<Vec<u8>> {
    let fields = columns
        .iter()
        .map(|(name, kind)| {
            let b = match kind {
                Kind::Text => Type::primitive_type_builder(name, PhysicalType::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String)),
                Kind::Number => Type::primitive_type_builder(name, PhysicalType::DOUBLE),
                Kind::Time => Type::primitive_type_builder(name, PhysicalType::INT64)
                    .with_logical_type(Some(LogicalType::timestamp(true, TimeUnit::MILLIS))),
            };
            b.with_repetition(Repetition::OPTIONAL)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let schema = Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut file = SerializedFileWriter::new(Vec::new(), Arc::new(schema), Arc::new(props))?;
    for group_rows in rows.chunks(ROW_GROUP) {
        let mut group = file.next_row_group()?;
        for (i, (_, kind)) in columns.iter().enumerate() {
            let Some(mut column) = group.next_column()? else {
                break;
            };
            let cells = group_rows.iter().map(|r| r.get(i).unwrap_or(&Cell::Null));
            let def: Vec<i16> = cells.clone().map(|c| i16::from(*c != Cell::Null)).collect();
            match kind {
                Kind::Text => {
                    let values: Vec<ByteArray> = cells
                        .filter(|c| **c != Cell::Null)
                        .map(|c| ByteArray::from(c.text().into_bytes()))
                        .collect();
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(&values, Some(&def), None)?;
                }
                Kind::Number => {
                    let values: Vec<f64> = cells
                        .filter_map(|c| match c {
                            Cell::Cents(v) => Some(*v as f64 / 100.0),
                            _ => None,
                        })
                        .collect();
                    column
                        .typed::<DoubleType>()
                        .write_batch(&values, Some(&def), None)?;
                }
                Kind::Time => {
                    let values: Vec<i64> = cells
                        .filter_map(|c| match c {
                            Cell::Time(t) => Some(t * 1000),
                            _ => None,
                        })
                        .collect();
                    column
                        .typed::<Int64Type>()
                        .write_batch(&values, Some(&def), None)?;
                }
            }
            column.close()?;
        }
        group.close()?;
    }
    file.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn csv_quotes_what_needs_it_and_parquet_writes_a_footer() {
        let cols = [("a", Kind::Text), ("b", Kind::Number), ("c", Kind::Time)];
        let rows = vec![
            vec![
                Cell::Text("{\"k\":\"v,w\"}".into()),
                Cell::Cents(1234),
                Cell::Time(0),
            ],
            vec![Cell::Null, Cell::Null, Cell::Null],
        ];
        let gz = write(FileFormat::CsvGzip, &cols, &rows).unwrap_or_default();
        let mut text = String::new();
        let _ = flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text);
        assert_eq!(
            text,
            "a,b,c\n\"{\"\"k\"\":\"\"v,w\"\"}\",12.34,1970-01-01T00:00:00Z\n,,\n"
        );
        let pq = write(FileFormat::Parquet, &cols, &rows).unwrap_or_default();
        assert_eq!(&pq[..4], b"PAR1");
        assert_eq!(&pq[pq.len() - 4..], b"PAR1");
    }
}
