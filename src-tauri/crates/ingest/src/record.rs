//! The file sources' records as the mappers read them.

use cloudlens_bills::{Col, Fields};
use csv::StringRecord;

/// A record of text cells, as every source reads a row (CSV as written,
/// JSON lines and Parquet rendered to the same text), in header order.
pub struct RecordFields<'a>(pub &'a StringRecord);

impl Fields for RecordFields<'_> {
    fn field(&self, col: Col) -> Option<&str> {
        self.0.get(col.0)
    }
}
