//! FOCUS as Parquet, through the low-level column writers: strings and JSON
//! as `BYTE_ARRAY (STRING)`, decimals as `FIXED_LEN_BYTE_ARRAY(16)
//! DECIMAL(38, s)` (exact, never floats), date/times as `INT64
//! TIMESTAMP(MICROS, UTC)`. Lines are buffered column by column and written
//! as one row group every [`ROW_GROUP_ROWS`] lines or [`ROW_GROUP_BYTES`] of
//! text, whichever comes first, so memory stays flat for any line count.

use std::io::Write;
use std::sync::Arc;

use ::parquet::basic::{
    Compression, LogicalType, Repetition, TimeUnit, Type as PhysicalType, ZstdLevel,
};
use ::parquet::data_type::{
    ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType, Int64Type,
};
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::Type;
use bytes::Bytes;
use cloudlens_model::{CostLine, Decimal};

use super::columns::{Cell, ExtraColumns, FocusColumn, Kind, LineExtras};
use super::{ExportError, ExportSummary, FocusSink};

pub const ROW_GROUP_ROWS: usize = 65_536;
/// Buffered string bytes that end a row group early (long tags or ids).
pub const ROW_GROUP_BYTES: usize = 64 << 20;
/// Digits of every decimal column.
const PRECISION: u32 = 38;

pub struct FocusParquetWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    buffers: Vec<Buffer>,
    columns: ExtraColumns,
    extras: LineExtras,
    rows: usize,
    text_bytes: usize,
    lines: u64,
}

/// One column's values for the row group being filled, with definition
/// levels (1 = value, 0 = null) for nullable columns.
struct Buffer {
    name: String,
    required: bool,
    def: Vec<i16>,
    values: Values,
}

enum Values {
    /// Concatenated UTF-8 and the end offset of each value.
    Text { data: Vec<u8>, ends: Vec<usize> },
    /// Big-endian 16-byte two's complement unscaled values.
    Decimal { scale: u32, data: Vec<u8> },
    /// Microseconds since the Unix epoch.
    Time(Vec<i64>),
}

impl<W: Write + Send> FocusParquetWriter<W> {
    pub fn new(out: W, columns: ExtraColumns) -> Result<Self, ExportError> {
        let mut buffers: Vec<Buffer> = FocusColumn::ALL
            .iter()
            .map(|c| Buffer::new(c.name(), c.kind(), c.required()))
            .collect();
        buffers.extend(
            columns
                .names()
                .iter()
                .map(|n| Buffer::new(n, Kind::String, false)),
        );
        let fields = buffers
            .iter()
            .map(|b| b.schema().map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        let schema = Type::group_type_builder("schema")
            .with_fields(fields)
            .build()?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("CloudLens {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "FocusVersion".into(),
                "1.2".to_string(),
            )]))
            .build();
        let file = SerializedFileWriter::new(out, Arc::new(schema), Arc::new(props))?;
        Ok(FocusParquetWriter {
            file,
            buffers,
            columns,
            extras: LineExtras::default(),
            rows: 0,
            text_bytes: 0,
            lines: 0,
        })
    }

    /// Writes the last row group and the footer, and hands back the writer.
    pub fn into_inner(mut self) -> Result<(ExportSummary, W), ExportError> {
        self.flush_row_group()?;
        let out = self.file.into_inner()?;
        Ok((
            ExportSummary {
                lines: self.lines,
                extra_columns: self.columns.names().to_vec(),
            },
            out,
        ))
    }

    fn flush_row_group(&mut self) -> Result<(), ExportError> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut group = self.file.next_row_group()?;
        for b in &mut self.buffers {
            let Some(mut column) = group.next_column()? else {
                return Err(ExportError::Parquet(format!(
                    "no column writer for {}",
                    b.name
                )));
            };
            let def = (!b.required).then_some(b.def.as_slice());
            match &mut b.values {
                // Each value gets bytes of its own: the writer keeps every
                // row group's min and max values until the footer, and a
                // slice of a shared buffer would keep all of it alive.
                Values::Text { data, ends } => {
                    let mut start = 0;
                    let values: Vec<ByteArray> = ends
                        .iter()
                        .map(|&end| {
                            let v = ByteArray::from(Bytes::copy_from_slice(&data[start..end]));
                            start = end;
                            v
                        })
                        .collect();
                    column
                        .typed::<ByteArrayType>()
                        .write_batch(&values, def, None)?;
                    data.clear();
                    ends.clear();
                }
                Values::Decimal { data, .. } => {
                    let values: Vec<FixedLenByteArray> = data
                        .chunks_exact(16)
                        .map(|v| {
                            FixedLenByteArray::from(ByteArray::from(Bytes::copy_from_slice(v)))
                        })
                        .collect();
                    column
                        .typed::<FixedLenByteArrayType>()
                        .write_batch(&values, def, None)?;
                    data.clear();
                }
                Values::Time(values) => {
                    column.typed::<Int64Type>().write_batch(values, def, None)?;
                    values.clear();
                }
            }
            column.close()?;
            b.def.clear();
        }
        group.close()?;
        self.rows = 0;
        self.text_bytes = 0;
        Ok(())
    }
}

impl<W: Write + Send> FocusSink for FocusParquetWriter<W> {
    fn write(&mut self, line: &CostLine) -> Result<(), ExportError> {
        self.extras.load(line, &self.columns)?;
        let row = line.provenance.source_row;
        let (focus, custom) = self.buffers.split_at_mut(FocusColumn::ALL.len());
        for (&c, b) in FocusColumn::ALL.iter().zip(focus.iter_mut()) {
            self.text_bytes += b.push(c.cell(line, &self.extras), row)?;
        }
        for (v, b) in self.extras.custom.iter().zip(custom.iter_mut()) {
            let cell = v.as_deref().map_or(Cell::Null, Cell::Text);
            self.text_bytes += b.push(cell, row)?;
        }
        self.rows += 1;
        self.lines += 1;
        if self.rows >= ROW_GROUP_ROWS || self.text_bytes >= ROW_GROUP_BYTES {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        let (summary, mut out) = self.into_inner()?;
        out.flush()?;
        Ok(summary)
    }
}

impl Buffer {
    fn new(name: &str, kind: Kind, required: bool) -> Self {
        let values = match kind {
            Kind::String | Kind::Json => Values::Text {
                data: Vec::new(),
                ends: Vec::new(),
            },
            Kind::Decimal { scale } => Values::Decimal {
                scale,
                data: Vec::new(),
            },
            Kind::DateTime => Values::Time(Vec::new()),
        };
        Buffer {
            name: name.to_string(),
            required,
            def: Vec::new(),
            values,
        }
    }

    fn schema(&self) -> Result<Type, ExportError> {
        let repetition = if self.required {
            Repetition::REQUIRED
        } else {
            Repetition::OPTIONAL
        };
        let builder = match self.values {
            Values::Text { .. } => {
                Type::primitive_type_builder(&self.name, PhysicalType::BYTE_ARRAY)
                    .with_logical_type(Some(LogicalType::String))
            }
            Values::Decimal { scale, .. } => {
                Type::primitive_type_builder(&self.name, PhysicalType::FIXED_LEN_BYTE_ARRAY)
                    .with_length(16)
                    .with_logical_type(Some(LogicalType::decimal(scale as i32, PRECISION as i32)))
                    .with_precision(PRECISION as i32)
                    .with_scale(scale as i32)
            }
            Values::Time(_) => Type::primitive_type_builder(&self.name, PhysicalType::INT64)
                .with_logical_type(Some(LogicalType::timestamp(true, TimeUnit::MICROS))),
        };
        Ok(builder.with_repetition(repetition).build()?)
    }

    /// Appends one cell; returns the string bytes it added.
    fn push(&mut self, cell: Cell<'_>, row: u64) -> Result<usize, ExportError> {
        let bad = |value: String| ExportError::BadValue {
            row,
            column: self.name.clone(),
            value,
        };
        if matches!(cell, Cell::Null) {
            if self.required {
                return Err(bad("null".into()));
            }
            self.def.push(0);
            return Ok(0);
        }
        let added = match (&mut self.values, cell) {
            (Values::Text { data, ends }, Cell::Text(s)) => {
                data.extend_from_slice(s.as_bytes());
                ends.push(data.len());
                s.len()
            }
            (Values::Decimal { scale, data }, Cell::Decimal(d)) => {
                let v = unscaled(d, *scale).ok_or_else(|| ExportError::Unrepresentable {
                    row,
                    column: self.name.clone(),
                    value: d.to_string(),
                    scale: *scale,
                })?;
                data.extend_from_slice(&v.to_be_bytes());
                0
            }
            (Values::Time(values), Cell::Time(t)) => {
                let micros = t.checked_mul(1_000_000).ok_or_else(|| bad(t.to_string()))?;
                values.push(micros);
                0
            }
            (_, other) => return Err(bad(format!("{other:?}"))),
        };
        if !self.required {
            self.def.push(1);
        }
        Ok(added)
    }
}

/// `d` as an integer count of `10^-scale`, when that is exact and fits 38 digits.
fn unscaled(d: Decimal, scale: u32) -> Option<i128> {
    let (m, s) = (d.mantissa(), d.scale());
    let v = if s <= scale {
        m.checked_mul(10i128.checked_pow(scale - s)?)?
    } else {
        let div = 10i128.checked_pow(s - scale)?;
        if m % div != 0 {
            return None;
        }
        m / div
    };
    (v.unsigned_abs() < 10u128.pow(PRECISION)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_scale_exactly_or_not_at_all() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(unscaled(d("1.5"), 9), Some(1_500_000_000));
        assert_eq!(unscaled(d("-0.000000001"), 9), Some(-1));
        assert_eq!(unscaled(d("2.0000000000"), 9), Some(2_000_000_000));
        assert_eq!(unscaled(d("0.0000000001"), 9), None);
        assert_eq!(
            unscaled(d("79228162514264337593543950335"), 9),
            Some(79_228_162_514_264_337_593_543_950_335_000_000_000)
        );
        assert_eq!(unscaled(d("79228162514264337593543950335"), 18), None);
    }
}
