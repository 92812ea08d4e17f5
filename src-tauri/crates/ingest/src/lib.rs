//! Bill files into the store: every provider's export format (mapped by
//! `cloudlens-bills`), detected from the file, streamed, validated row by
//! row and written as one transaction; and the store's lines out again as
//! FOCUS 1.2.

pub mod export;
#[doc(hidden)]
pub mod fuzz_entry;
mod record;
pub mod source;

pub use cloudlens_bills::{formats, parse, tags};
pub use cloudlens_bills::{CellError, Col, Fields, Header, HeaderError, Row};
pub use record::RecordFields;

pub use export::{
    export_focus, ExportError, ExportFormat, ExportSummary, FocusCsvWriter, FocusParquetWriter,
    FocusSink,
};
pub use formats::{Detected, Format, FormatId, Output, ReconcileOn, RowMapper, SourceAmount};
pub mod dataset;
pub mod feed;
pub mod inspect;
mod map_stage;
mod parse_stage;
pub mod pipeline;
pub mod report;

pub use inspect::{inspect, Inspection, PreviewLine};
pub use pipeline::{import_path, ImportOptions, ImportProgress, IngestError};
pub use report::{ImportReport, Mode, Outcome, Problem, Reconciled};
