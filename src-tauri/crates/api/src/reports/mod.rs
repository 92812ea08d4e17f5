//! Reports: a definition turned into a `cloudlens-report` document by
//! running the explorer for the report's months and currency (so every
//! amount is the explorer's), saved definitions, invoice amounts and their
//! reconciliation. Every document ends with its provenance.

mod cells;
mod commands;
mod definition;
mod explorer;
mod invoices;
mod overview;
mod provenance;
mod reconcile;
mod reconcile_section;
mod reconcile_view;
mod session;
mod showback;
mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate};
use cloudlens_report::{Document, Fonts, Format, Language, Period, Section};
use cloudlens_store::{AuditAction, AuditRecord};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use definition::{RelativePeriod, ReportDefinition, ReportPeriod, ReportSection, Span};
pub use invoices::{InvoiceAmount, InvoiceImportResult, StoredInvoice};
pub use reconcile::{CheckOutcome, DifferenceReason, Reference};
pub use reconcile_view::{
    ExplanationPart, ReconciledScope, ReconciliationView, ReferenceCheck, ScopePart,
};

use crate::explore::convert::invalid;
use crate::{ApiError, ChartStyle, CloudLens, ErrorCode, Locale};

/// What a report needs from outside the store, passed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportContext {
    pub app_version: String,
    /// When the report is made, UTC seconds.
    pub generated_at: i64,
    /// Anchors relative periods.
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Pdf,
    Html,
    Xlsx,
    /// A zip of CSV files, one per table.
    Csv,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Result<Self, ApiError> {
        match s {
            "pdf" => Ok(Self::Pdf),
            "html" => Ok(Self::Html),
            "xlsx" => Ok(Self::Xlsx),
            "csv" => Ok(Self::Csv),
            other => Err(invalid(format!(
                "--format: expected pdf, html, xlsx or csv, got {other:?}"
            ))),
        }
    }

    fn renderer(self) -> Format {
        match self {
            Self::Pdf => Format::Pdf,
            Self::Html => Format::Html,
            Self::Xlsx => Format::Xlsx,
            Self::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SavedReport {
    pub name: String,
    pub definition: ReportDefinition,
    /// RFC 3339.
    pub saved_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReportExport {
    pub path: String,
    pub format: ReportFormat,
    pub bytes: u64,
    pub sections: u32,
    /// Characters no font could draw (PDF and chart pictures only); empty
    /// when every character was drawn.
    pub missing_characters: String,
}

/// The embedded report font, with `fallback` (a font file for characters
/// outside it, such as the system's full Noto Sans CJK) when readable.
pub fn report_fonts(fallback: Option<&Path>) -> Fonts {
    match fallback.and_then(|p| std::fs::read(p).ok()) {
        Some(data) => Fonts::with_fallback(data),
        None => Fonts::embedded(),
    }
}

fn language(l: Locale) -> Language {
    match l {
        Locale::En => Language::En,
        Locale::ZhCn => Language::ZhCn,
    }
}

impl CloudLens {
    /// The report as a document, every section computed now.
    pub fn report_document(
        &self,
        def: &ReportDefinition,
        ctx: &ReportContext,
    ) -> Result<Document, ApiError> {
        def.validate()?;
        let span = def.period.resolve(ctx.today)?;
        let t = text::text(def.language);
        let mut sections: Vec<Section> = Vec::new();
        let mut view_rules = Vec::new();
        for (n, s) in def.sections.iter().enumerate() {
            let section = match s {
                ReportSection::Overview => self.overview_section(&span, def, t)?,
                ReportSection::Explorer {
                    title,
                    query,
                    saved_view,
                } => {
                    let (q, style, name) = match (query, saved_view) {
                        (Some(q), _) => (q.clone(), ChartStyle::StackedBar, None),
                        (None, Some(name)) => {
                            let (q, style) = self.saved_view_query(name)?;
                            (q, style, Some(name.clone()))
                        }
                        (None, None) => {
                            return Err(invalid(format!(
                                "sections[{n}]: expected either query or saved_view"
                            )))
                        }
                    };
                    view_rules.push(q.rules_version);
                    let heading = title
                        .clone()
                        .or(name)
                        .unwrap_or_else(|| t.explorer.to_string());
                    self.explorer_section(
                        n,
                        explorer::View {
                            heading,
                            query: q,
                            style,
                        },
                        &span,
                        def,
                        t,
                    )?
                }
                ReportSection::Allocation { tag, rules_version } => {
                    self.showback_section(n, tag, *rules_version, &span, def, t)?
                }
                ReportSection::InvoiceReconciliation => {
                    reconcile_section::section(&self.reconciliation(&span)?, t)?
                }
                // Always last, below.
                ReportSection::Provenance => continue,
            };
            sections.push(section);
        }
        sections.push(self.provenance_section(&span, def, &view_rules, ctx, t)?);
        let generated_at = DateTime::from_timestamp(ctx.generated_at, 0)
            .ok_or_else(|| invalid(format!("generated_at: {} is not a time", ctx.generated_at)))?;
        Ok(Document {
            title: def.title.trim().to_string(),
            period: Period {
                from: span.from,
                to: span.to,
            },
            currency: def.currency.clone(),
            language: language(def.language),
            generated_at,
            sections,
        })
    }

    /// Builds the report and writes it to `out` (whole or not at all: a
    /// temporary file beside it is renamed into place).
    pub fn export_report(
        &self,
        def: &ReportDefinition,
        ctx: &ReportContext,
        format: ReportFormat,
        out: &Path,
        fonts: &Fonts,
    ) -> Result<ReportExport, ApiError> {
        let doc = self.report_document(def, ctx)?;
        let bytes = cloudlens_report::render(&doc, format.renderer(), fonts)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        write_atomically(out, &bytes)?;
        self.record(
            AuditRecord::new(AuditAction::ReportExport, out.display().to_string()).after(format!(
                "{} ({}), {} bytes",
                def.title.trim(),
                format.renderer().as_str(),
                bytes.len()
            )),
        )?;
        Ok(ReportExport {
            path: out.display().to_string(),
            format,
            bytes: bytes.len() as u64,
            sections: doc.sections.len() as u32,
            missing_characters: fonts.missing().into_iter().collect(),
        })
    }

    /// The report as one self-contained HTML page (the in-app preview).
    pub fn report_html(
        &self,
        def: &ReportDefinition,
        ctx: &ReportContext,
    ) -> Result<String, ApiError> {
        let doc = self.report_document(def, ctx)?;
        let bytes = cloudlens_report::render(&doc, Format::Html, &Fonts::embedded())
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
    }

    pub fn save_report(
        &self,
        name: &str,
        def: &ReportDefinition,
        now: i64,
    ) -> Result<SavedReport, ApiError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name: expected a report name"));
        }
        def.validate()?;
        let json = serde_json::to_string(def)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let entry = AuditRecord::new(AuditAction::ReportSave, name).after(def.summary());
        self.logged(entry, |store| {
            Ok(store
                .reports_mut()
                .save_report_definition(name, &json, now)?)
        })?;
        Ok(SavedReport {
            name: name.to_string(),
            definition: def.clone(),
            saved_at: crate::allocation::rules::rfc3339(now),
        })
    }

    pub fn saved_reports(&self) -> Result<Vec<SavedReport>, ApiError> {
        self.reader()?
            .reports()
            .report_definitions()?
            .into_iter()
            .map(|r| {
                Ok(SavedReport {
                    definition: stored(&r.name, &r.spec)?,
                    name: r.name,
                    saved_at: crate::allocation::rules::rfc3339(r.saved_at),
                })
            })
            .collect()
    }

    pub fn saved_report(&self, name: &str) -> Result<ReportDefinition, ApiError> {
        let r = self
            .reader()?
            .reports()
            .report_definition(name)?
            .ok_or_else(|| invalid(format!("no saved report named {name:?}")))?;
        stored(&r.name, &r.spec)
    }

    pub fn remove_report(&self, name: &str) -> Result<(), ApiError> {
        self.logged(AuditRecord::new(AuditAction::ReportRemove, name), |store| {
            if store.reports_mut().remove_report_definition(name)? {
                Ok(())
            } else {
                Err(invalid(format!("no saved report named {name:?}")))
            }
        })
    }
}

fn stored(name: &str, spec: &str) -> Result<ReportDefinition, ApiError> {
    serde_json::from_str(spec).map_err(|e| {
        ApiError::new(
            ErrorCode::Storage,
            format!("saved report {name:?} is unreadable: {e}"),
        )
    })
}

fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Storage,
            format!("could not write {}: {e}", out.display()),
        )
    };
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.partial"));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(io)?;
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}
