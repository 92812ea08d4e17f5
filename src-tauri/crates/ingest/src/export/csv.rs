//! FOCUS as CSV: UTF-8 without a byte-order mark, comma-separated, `\n`
//! line ends, quoted only where needed; a null is an empty field.

use std::io::Write;

use cloudlens_model::CostLine;

use super::columns::{write_decimal, write_time, Cell, ExtraColumns, FocusColumn, LineExtras};
use super::{ExportError, ExportSummary, FocusSink};

pub struct FocusCsvWriter<W: Write> {
    out: ::csv::Writer<W>,
    columns: ExtraColumns,
    extras: LineExtras,
    text: String,
    lines: u64,
}

impl<W: Write> FocusCsvWriter<W> {
    /// Writes the header at once: the FOCUS columns, then `columns`.
    pub fn new(out: W, columns: ExtraColumns) -> Result<Self, ExportError> {
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(out);
        let focus = FocusColumn::ALL.iter().map(|c| c.name());
        out.write_record(focus.chain(columns.names().iter().map(String::as_str)))?;
        Ok(FocusCsvWriter {
            out,
            columns,
            extras: LineExtras::default(),
            text: String::with_capacity(64),
            lines: 0,
        })
    }

    /// Ends the file and hands back the writer, flushed.
    pub fn into_inner(self) -> Result<(ExportSummary, W), ExportError> {
        let summary = ExportSummary {
            lines: self.lines,
            extra_columns: self.columns.names().to_vec(),
        };
        let out = self
            .out
            .into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))?;
        Ok((summary, out))
    }
}

impl<W: Write> FocusSink for FocusCsvWriter<W> {
    fn write(&mut self, line: &CostLine) -> Result<(), ExportError> {
        self.extras.load(line, &self.columns)?;
        let row = line.provenance.source_row;
        for &c in FocusColumn::ALL {
            match c.cell(line, &self.extras) {
                Cell::Null => self.out.write_field(b"")?,
                Cell::Text(s) => self.out.write_field(s)?,
                Cell::Decimal(d) => {
                    self.text.clear();
                    write_decimal(&mut self.text, d);
                    self.out.write_field(&self.text)?;
                }
                Cell::Time(t) => {
                    self.text.clear();
                    write_time(&mut self.text, t, row, c.name())?;
                    self.out.write_field(&self.text)?;
                }
            }
        }
        for v in &self.extras.custom {
            self.out.write_field(v.as_deref().unwrap_or(""))?;
        }
        self.out.write_record(None::<&[u8]>)?;
        self.lines += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<ExportSummary, ExportError> {
        let (summary, mut out) = self.into_inner()?;
        out.flush()?;
        Ok(summary)
    }
}
