//! Reports as documents: a model (sections of headings, paragraphs, key
//! figures, typed tables and charts drawn by `cloudlens-charts`) and four
//! renderers: PDF, a self-contained HTML file, XLSX and a zip of CSV files.
//! No store, no clock, no environment: everything comes in the document.

mod csv_zip;
mod fonts;
pub mod format;
mod html;
mod model;
mod pdf;
mod svg;
mod wrap;
mod xlsx;

pub use fonts::{Fonts, EMBEDDED_FONT, FAMILY};
pub use model::{Block, Cell, Chart, Document, Figure, Language, Period, Section, Table};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
    Xlsx,
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pdf" => Some(Format::Pdf),
            "html" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("chart {title:?} could not be drawn: {reason}")]
    Chart { title: String, reason: String },
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
    #[error("the CSV archive could not be written: {0}")]
    Csv(String),
}

/// The document in `format`, as the bytes of one file.
pub fn render(doc: &Document, format: Format, fonts: &Fonts) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Pdf => pdf::render(doc, fonts),
        Format::Html => Ok(html::render(doc).into_bytes()),
        Format::Xlsx => xlsx::render(doc, fonts),
        Format::Csv => csv_zip::render(doc),
    }
}
