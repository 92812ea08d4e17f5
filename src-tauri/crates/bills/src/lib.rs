//! Provider bills into FOCUS cost lines. Every export CloudLens reads
//! (FOCUS 1.0–1.3, AWS CUR legacy and 2.0, Azure EA and MCA, Google Cloud,
//! Alibaba, Tencent and Huawei) is a [`formats::Format`]: a header
//! fingerprint for detection and a binder that resolves columns by name into
//! a [`formats::RowMapper`]. Mappers read a record through the [`Fields`]
//! trait, so a file's row and a provider API's item map the same way. No
//! I/O, no store, no clock: the importer and the provider clients bring the
//! records.

mod fields;
pub mod formats;
pub mod parse;
pub mod tags;

pub use fields::{CellError, Col, Fields, Header, HeaderError, Language, Row};
pub use formats::{Detected, Format, FormatId, Output, ReconcileOn, RowMapper, SourceAmount};
