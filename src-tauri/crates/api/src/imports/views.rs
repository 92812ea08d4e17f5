//! View models of file import: inspection, progress, reports and history.

use serde::{Deserialize, Serialize};
use specta::Type;

use cloudlens_ingest::{ImportReport, Inspection, Outcome, Problem, Reconciled};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportFile {
    /// A file, or a folder imported as one dataset.
    pub path: String,
    /// A format id (`focus`, `aws-cur`, ...) overriding detection.
    pub format: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportRequest {
    pub files: Vec<ImportFile>,
    /// Import the good rows of a file with bad ones (default: refuse it).
    pub lenient: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FormatChoice {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProblemView {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub expected: String,
    /// The whole problem as one sentence.
    pub text: String,
}

impl ProblemView {
    pub(crate) fn of(p: &Problem) -> Self {
        Self {
            file: p.file.clone(),
            line: p.line,
            column: p.column.clone(),
            value: p.value.clone(),
            expected: p.expected.clone(),
            text: p.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IgnoredView {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PreviewLineView {
    pub line: u64,
    pub provider: String,
    pub billing_account: String,
    pub sub_account: Option<String>,
    pub billing_period: String,
    /// `YYYY-MM-DD HH:MM` UTC.
    pub charge_start: String,
    pub service: String,
    pub charge_category: String,
    pub resource: Option<String>,
    pub currency: String,
    pub billed_cost: String,
    pub effective_cost: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FileInspectionView {
    pub path: String,
    pub parts: u32,
    pub ignored: Vec<IgnoredView>,
    pub bytes: u64,
    pub encoding: String,
    pub columns: Vec<String>,
    pub format: Option<String>,
    pub format_label: Option<String>,
    pub variant: String,
    pub preview: Vec<PreviewLineView>,
    pub problems: Vec<ProblemView>,
    /// Set when the file cannot be read at all.
    pub error: Option<ProblemView>,
}

impl FileInspectionView {
    pub(crate) fn from_result(path: &str, r: Result<Inspection, Problem>) -> Self {
        match r {
            Ok(i) => Self {
                path: i.path,
                parts: i.parts as u32,
                ignored: i
                    .ignored
                    .into_iter()
                    .map(|g| IgnoredView {
                        path: g.path,
                        reason: g.reason,
                    })
                    .collect(),
                bytes: i.bytes,
                encoding: i.encoding,
                columns: i.columns,
                format: i.format.map(|f| f.as_str().to_string()),
                format_label: i.format.map(|f| f.label().to_string()),
                variant: i.variant,
                preview: i
                    .preview
                    .into_iter()
                    .map(|p| PreviewLineView {
                        line: p.line,
                        provider: p.provider,
                        billing_account: p.billing_account,
                        sub_account: p.sub_account,
                        billing_period: p.billing_period,
                        charge_start: chrono::DateTime::from_timestamp(p.charge_start, 0)
                            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                            .unwrap_or_default(),
                        service: p.service,
                        charge_category: p.charge_category,
                        resource: p.resource,
                        currency: p.currency,
                        billed_cost: p.billed_cost,
                        effective_cost: p.effective_cost,
                    })
                    .collect(),
                problems: i.problems.iter().map(ProblemView::of).collect(),
                error: None,
            },
            Err(p) => Self {
                path: path.to_string(),
                parts: 0,
                ignored: Vec::new(),
                bytes: 0,
                encoding: String::new(),
                columns: Vec::new(),
                format: None,
                format_label: None,
                variant: String::new(),
                preview: Vec::new(),
                problems: Vec::new(),
                error: Some(ProblemView::of(&p)),
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcomeKind {
    Imported,
    AlreadyImported,
    Refused,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReconciledView {
    pub billing_period: String,
    pub currency: String,
    pub file_total: String,
    pub stored_total: String,
    pub rounding: String,
    pub lines: u64,
    pub matches: bool,
}

impl ReconciledView {
    pub(crate) fn of(r: &Reconciled) -> Self {
        Self {
            billing_period: r.billing_period.clone(),
            currency: r.currency.clone(),
            file_total: r.file_total.normalize().to_string(),
            stored_total: r.stored_total.normalize().to_string(),
            rounding: r.rounding.normalize().to_string(),
            lines: r.lines,
            matches: r.matches(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RunLinesView {
    pub run_id: i64,
    pub lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SkippedView {
    pub reason: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportReportView {
    pub source: String,
    pub parts: Vec<String>,
    pub ignored: Vec<IgnoredView>,
    pub format: Option<String>,
    pub format_label: String,
    pub variant: String,
    pub encoding: String,
    pub lenient: bool,
    pub outcome: ImportOutcomeKind,
    pub run_id: Option<i64>,
    pub rows: u64,
    pub lines: u64,
    pub bytes: u64,
    pub skipped: Vec<SkippedView>,
    /// Rows read with a warning (a currency alias such as RMB read as CNY),
    /// counted per warning.
    pub notes: Vec<SkippedView>,
    pub problems: Vec<ProblemView>,
    pub problem_count: u64,
    /// `billed` or `effective`: which of the file's figures was reconciled.
    pub reconcile_on: String,
    pub reconciliation: Vec<ReconciledView>,
    pub restated: Vec<RunLinesView>,
    pub elapsed_ms: u64,
}

impl ImportReportView {
    pub(crate) fn of(r: &ImportReport) -> Self {
        Self {
            source: r.source.clone(),
            parts: r.parts.clone(),
            ignored: r
                .ignored
                .iter()
                .map(|g| IgnoredView {
                    path: g.path.clone(),
                    reason: g.reason.clone(),
                })
                .collect(),
            format: r.format.map(|f| f.as_str().to_string()),
            format_label: r.format_label.clone(),
            variant: r.variant.clone(),
            encoding: r.encoding.clone(),
            lenient: r.mode == cloudlens_ingest::Mode::Lenient,
            outcome: match r.outcome {
                Outcome::Imported => ImportOutcomeKind::Imported,
                Outcome::AlreadyImported => ImportOutcomeKind::AlreadyImported,
                Outcome::Refused => ImportOutcomeKind::Refused,
                Outcome::Cancelled => ImportOutcomeKind::Cancelled,
            },
            run_id: r.run_id,
            rows: r.rows,
            lines: r.lines,
            bytes: r.bytes,
            skipped: r
                .skipped
                .iter()
                .map(|s| SkippedView {
                    reason: s.reason.clone(),
                    rows: s.rows,
                })
                .collect(),
            notes: r
                .notes
                .iter()
                .map(|s| SkippedView {
                    reason: s.reason.clone(),
                    rows: s.rows,
                })
                .collect(),
            problems: r.problems.iter().map(ProblemView::of).collect(),
            problem_count: r.problem_count,
            reconcile_on: match r.reconcile_on {
                cloudlens_ingest::ReconcileOn::Billed => "billed".to_string(),
                cloudlens_ingest::ReconcileOn::Effective => "effective".to_string(),
            },
            reconciliation: r.reconciliation.iter().map(ReconciledView::of).collect(),
            restated: r
                .restated
                .iter()
                .map(|(run_id, lines)| RunLinesView {
                    run_id: *run_id,
                    lines: *lines,
                })
                .collect(),
            elapsed_ms: r.elapsed_ms,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportProgressView {
    pub file: String,
    /// 1-based position of the file in this batch of imports.
    pub index: u32,
    pub files: u32,
    pub rows: u64,
    pub lines: u64,
    pub bytes: u64,
    pub total_bytes: u64,
    pub elapsed_ms: u64,
    pub rows_per_sec: u64,
    pub eta_secs: Option<u64>,
}

/// What the UI hears about a running import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportEvent {
    Progress { progress: ImportProgressView },
    Finished { reports: Vec<ImportReportView> },
    Failed { error: crate::ApiError },
}

/// One import in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportRunView {
    pub run_id: i64,
    /// `file` or `sync`.
    pub kind: String,
    pub source: String,
    pub format: Option<String>,
    pub format_label: String,
    pub started_at: i64,
    pub finished_at: i64,
    /// Lines the import holds now (newer imports may have restated some).
    pub lines: u64,
    pub lines_imported: u64,
    pub rows: u64,
    pub problem_count: u64,
    pub problems: Vec<ProblemView>,
    pub totals: Vec<ReconciledView>,
    pub restated_by: Vec<RunLinesView>,
    pub replaced: Vec<RunLinesView>,
}
