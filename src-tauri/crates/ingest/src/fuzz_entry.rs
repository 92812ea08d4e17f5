//! One entry point for fuzzing and for the in-suite robustness test: bytes
//! in as a CSV file or JSON lines, through header detection, every
//! format's binder and mapper, and the cell parsers. It must return for any
//! input without panicking; what it returns only feeds assertions.

use std::io::Cursor;

use csv::StringRecord;

use crate::formats::{self, Output};
use crate::{parse, tags};
use crate::{Header, Row};

/// Rows mapped into lines, over all formats that bound.
pub fn fuzz_bytes(data: &[u8]) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(Cursor::new(data));
    let Ok(names) = reader.headers().cloned() else {
        return 0;
    };
    let header = Header::new(names.iter());
    let _ = formats::detect(&header);
    let mut mappers: Vec<_> = formats::all()
        .iter()
        .filter_map(|f| f.bind(&header).ok())
        .collect();
    let mut rec = StringRecord::new();
    let mut out = Output::default();
    let mut lines = 0;
    let mut row_no = 1;
    while let Ok(true) = reader.read_record(&mut rec) {
        row_no += 1;
        for cell in rec.iter().take(64) {
            let _ = parse::decimal(cell);
            let _ = parse::timestamp(cell, parse::Zone::CHINA);
            let _ = parse::month(cell);
            let _ = tags::from_json(cell);
            let _ = tags::from_pairs(cell, &[';', ',']);
        }
        let row = Row {
            line: row_no,
            header: &header,
            fields: &crate::RecordFields(&rec),
        };
        for m in &mut mappers {
            out.reset();
            if m.map(&row, &mut out).is_ok() {
                for l in out.lines.drain(..) {
                    if cloudlens_store::PreparedLine::new(l).is_ok() {
                        lines += 1;
                    }
                }
            }
        }
        if row_no > 10_000 {
            break;
        }
    }
    lines
}
