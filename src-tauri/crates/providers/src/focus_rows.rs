//! Daily summaries an API states instead of a bill (Cost Explorer's groups,
//! Cost Management's query rows), written as FOCUS records and mapped by
//! the FOCUS mapper of `cloudlens-bills`, so they become cost lines exactly
//! as the rows of a FOCUS file would.

use chrono::NaiveDate;
use cloudlens_bills::formats::{self, FormatId, Output, RowMapper};
use cloudlens_bills::{Fields, Header, Row};
use cloudlens_model::CostLine;

use crate::{ErrorKind, ProviderError};

/// FOCUS records of fixed columns, mapped one by one into lines.
pub(crate) struct FocusRows {
    action: &'static str,
    header: Header,
    mapper: Box<dyn RowMapper>,
    out: Output,
    lines: Vec<CostLine>,
    mapped: u64,
}

impl FocusRows {
    /// Records of `columns`, in this order. `bad` is the provider's error
    /// for a part of the answer it cannot read (here: the mapper refusing
    /// the columns).
    pub(crate) fn new(
        action: &'static str,
        columns: &[&str],
        bad: fn(&str, &str) -> ProviderError,
    ) -> Result<Self, ProviderError> {
        let header = Header::exact(columns);
        let format = formats::by_id(FormatId::Focus)
            .ok_or_else(|| bad(action, "rows the FOCUS mapper is built for"))?;
        let mapper = format
            .bind(&header)
            .map_err(|e| bad(action, &format!("fields the FOCUS mapper needs ({e})")))?;
        Ok(Self {
            action,
            header,
            mapper,
            out: Output::default(),
            lines: Vec::new(),
            mapped: 0,
        })
    }

    /// Maps the next record; `at` names its place in the answer.
    pub(crate) fn map(&mut self, fields: &dyn Fields, at: &str) -> Result<(), ProviderError> {
        self.mapped += 1;
        let record = Row {
            line: self.mapped,
            header: &self.header,
            fields,
        };
        self.out.reset();
        self.mapper.map(&record, &mut self.out).map_err(|e| {
            ProviderError::new(
                ErrorKind::BadResponse,
                format!("{}: {at} does not map: {e}", self.action),
            )
        })?;
        self.lines.append(&mut self.out.lines);
        Ok(())
    }

    pub(crate) fn into_lines(self) -> Vec<CostLine> {
        self.lines
    }
}

/// The start of a day as FOCUS writes a time.
pub(crate) fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}
