//! A look at a file before importing it: what it is (format, variant,
//! encoding, parts, size) and how its first rows map, with any problems in
//! them, so the user can confirm or override the detection.

use std::path::Path;

use csv::StringRecord;
use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Ignored};
use crate::formats::{self, FormatId, Output};
use crate::map_stage::source_problem;
use crate::pipeline::period_label;
use crate::report::Problem;
use crate::source::{self, SourceError};
use crate::Row;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub line: u64,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub billing_period: String,
    pub charge_start: i64,
    pub service: String,
    pub charge_category: String,
    pub resource: Option<String>,
    pub currency: String,
    pub billed_cost: String,
    pub effective_cost: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub path: String,
    pub parts: usize,
    pub ignored: Vec<Ignored>,
    pub bytes: u64,
    pub encoding: String,
    pub columns: Vec<String>,
    /// `None` when no format recognises the header.
    pub format: Option<FormatId>,
    pub variant: String,
    pub preview: Vec<PreviewLine>,
    pub problems: Vec<Problem>,
}

/// Reads the header and up to `rows` rows of the first part.
pub fn inspect(path: &Path, forced: Option<FormatId>, rows: usize) -> Result<Inspection, Problem> {
    let fail = |e: SourceError| source_problem(&e);
    let dataset = Dataset::resolve(path).map_err(fail)?;
    let (mut src, encoding) = source::open(&dataset.parts[0]).map_err(fail)?;
    let header = src.header().clone();
    let mut out = Inspection {
        path: path.display().to_string(),
        parts: dataset.parts.len(),
        ignored: dataset.ignored.clone(),
        bytes: dataset.bytes,
        encoding: encoding.label().to_string(),
        columns: header.names().to_vec(),
        format: None,
        variant: String::new(),
        preview: Vec::new(),
        problems: Vec::new(),
    };
    let format = match forced {
        Some(id) => formats::by_id(id),
        None => formats::detect(&header).map(|(f, d)| {
            out.variant = d.variant;
            f
        }),
    };
    let Some(format) = format else {
        return Ok(out);
    };
    out.format = Some(format.id());
    let file = dataset.parts[0].display().to_string();
    let mut mapper = match format.bind(&header) {
        Ok(m) => m,
        Err(e) => {
            out.problems.push(Problem {
                file,
                line: 1,
                column: None,
                value: None,
                expected: e.to_string(),
            });
            return Ok(out);
        }
    };
    let mut rec = StringRecord::new();
    let mut mapped = Output::default();
    let mut seen = 0;
    while seen < rows {
        let line = match src.next_record(&mut rec) {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                out.problems.push(fail(e));
                seen += 1;
                continue;
            }
        };
        seen += 1;
        mapped.reset();
        let row = Row {
            line,
            header: &header,
            fields: &crate::RecordFields(&rec),
        };
        if let Err(e) = mapper.map(&row, &mut mapped) {
            out.problems.push(Problem {
                file: file.clone(),
                line,
                column: Some(e.column),
                value: Some(e.value),
                expected: e.expected,
            });
        }
        for l in &mapped.lines {
            let d = &l.dims;
            out.preview.push(PreviewLine {
                line,
                provider: d.provider_name.clone(),
                billing_account: d.billing_account_id.clone(),
                sub_account: d.sub_account_id.clone(),
                billing_period: period_label(l.billing_period_start),
                charge_start: l.charge_period_start,
                service: d.service_name.clone(),
                charge_category: d.charge_category.as_str().to_string(),
                resource: d.resource_id.clone(),
                currency: d.billing_currency.clone(),
                billed_cost: l.billed_cost.normalize().to_string(),
                effective_cost: l.effective_cost.normalize().to_string(),
            });
        }
    }
    Ok(out)
}
