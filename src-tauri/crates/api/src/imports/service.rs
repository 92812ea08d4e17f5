//! File import and the import history on an open store.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::AtomicBool;

use cloudlens_ingest::{import_path, FormatId, ImportOptions, ImportReport, Mode};
use cloudlens_store::{AuditAction, AuditRecord, RunKind, Store};

use crate::imports::views::*;
use crate::{ApiError, CloudLens, ErrorCode};

pub fn format_choices() -> Vec<FormatChoice> {
    FormatId::ALL
        .iter()
        .filter(|f| cloudlens_ingest::formats::by_id(**f).is_some())
        .map(|f| FormatChoice {
            id: f.as_str().to_string(),
            label: f.label().to_string(),
        })
        .collect()
}

pub fn parse_format(format: Option<&str>) -> Result<Option<FormatId>, ApiError> {
    format
        .filter(|f| !f.is_empty())
        .map(|f| FormatId::from_str(f).map_err(|e| ApiError::new(ErrorCode::InvalidInput, e)))
        .transpose()
}

/// Detection and a preview of the first rows; needs no store.
pub fn inspect_file(path: &str, format: Option<&str>) -> Result<FileInspectionView, ApiError> {
    let forced = parse_format(format)?;
    Ok(FileInspectionView::from_result(
        path,
        cloudlens_ingest::inspect(Path::new(path), forced, 20),
    ))
}

impl CloudLens {
    /// Imports each path (a file or a folder of parts) as its own run.
    pub fn import_files(
        &self,
        req: &ImportRequest,
        clock: fn() -> i64,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(ImportProgressView),
    ) -> Result<Vec<ImportReportView>, ApiError> {
        if req.files.is_empty() {
            return Err(ApiError::new(ErrorCode::InvalidInput, "no file to import"));
        }
        let formats = req
            .files
            .iter()
            .map(|f| parse_format(f.format.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        let mode = if req.lenient {
            Mode::Lenient
        } else {
            Mode::Strict
        };
        // Held for the whole request; views keep reading meanwhile.
        let mut store = self.long_writer()?;
        let mut reports = Vec::new();
        let files = req.files.len() as u32;
        for (i, (file, format)) in req.files.iter().zip(formats).enumerate() {
            let opts = ImportOptions {
                format,
                mode,
                clock,
            };
            let path = &file.path;
            let report = self.change_on(&mut store, |s| {
                let report = import_path(s, Path::new(path), &opts, cancel, &mut |p| {
                    progress(ImportProgressView {
                        file: path.clone(),
                        index: i as u32 + 1,
                        files,
                        rows: p.rows,
                        lines: p.lines,
                        bytes: p.bytes,
                        total_bytes: p.total_bytes,
                        elapsed_ms: p.elapsed_ms,
                        rows_per_sec: p.rows_per_sec(),
                        eta_secs: p.eta_secs(),
                    })
                })
                .map_err(|e| ApiError::new(ErrorCode::Storage, e.to_string()))?;
                let record = import_record(s, &report)?;
                Ok((report, record))
            })?;
            let cancelled = report.outcome == cloudlens_ingest::Outcome::Cancelled;
            reports.push(ImportReportView::of(&report));
            if cancelled {
                break;
            }
        }
        Ok(reports)
    }

    /// File imports and syncs, newest first, with what each found.
    pub fn import_history(&self) -> Result<Vec<ImportRunView>, ApiError> {
        let runs = self.reader()?.lines().runs()?;
        let mut replaced: std::collections::HashMap<i64, Vec<RunLinesView>> = Default::default();
        for r in &runs {
            for (by, lines) in &r.restated_by {
                replaced.entry(*by).or_default().push(RunLinesView {
                    run_id: r.id,
                    lines: *lines,
                });
            }
        }
        let mut out: Vec<ImportRunView> = runs
            .iter()
            // Sync windows have their own history (one run per window would flood this list).
            .filter(|r| r.kind == RunKind::File)
            .map(|r| {
                let report: Option<ImportReport> = r
                    .report
                    .as_deref()
                    .and_then(|t| serde_json::from_str(t).ok());
                let view = report.as_ref().map(ImportReportView::of);
                ImportRunView {
                    run_id: r.id,
                    kind: r.kind.as_str().to_string(),
                    source: r.source.clone(),
                    format: r.format.clone(),
                    format_label: r
                        .format
                        .as_deref()
                        .and_then(|f| FormatId::from_str(f).ok())
                        .map_or_else(
                            || r.format.clone().unwrap_or_default(),
                            |f| f.label().to_string(),
                        ),
                    started_at: r.started_at,
                    finished_at: r.finished_at,
                    lines: r.lines,
                    lines_imported: r.lines_imported,
                    rows: view.as_ref().map_or(r.lines_imported, |v| v.rows),
                    problem_count: view.as_ref().map_or(0, |v| v.problem_count),
                    problems: view
                        .as_ref()
                        .map(|v| v.problems.clone())
                        .unwrap_or_default(),
                    totals: view
                        .as_ref()
                        .map(|v| v.reconciliation.clone())
                        .unwrap_or_default(),
                    restated_by: r
                        .restated_by
                        .iter()
                        .map(|(run_id, lines)| RunLinesView {
                            run_id: *run_id,
                            lines: *lines,
                        })
                        .collect(),
                    replaced: replaced.remove(&r.id).unwrap_or_default(),
                }
            })
            .collect();
        out.reverse();
        Ok(out)
    }

    /// Removes one import (not the demo, which has its own removal).
    pub fn remove_import(&self, run_id: i64) -> Result<(), ApiError> {
        self.change(|store| {
            let run = store.lines().runs()?.into_iter().find(|r| r.id == run_id);
            match run {
                None => Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("no import with id {run_id}"),
                )),
                Some(r) if r.kind == RunKind::Demo => Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    "the demo dataset is removed with Remove demo data",
                )),
                Some(r) => {
                    store.lines_mut().remove_run(run_id)?;
                    let record =
                        AuditRecord::new(AuditAction::ImportRemove, &r.source).before(format!(
                            "run {run_id}, {} lines{}",
                            r.lines,
                            r.content_hash
                                .as_deref()
                                .map(|h| format!(", BLAKE3 {h}"))
                                .unwrap_or_default()
                        ));
                    Ok(((), Some(record)))
                }
            }
        })
    }
}

/// What an import changed, for the audit log: the file, its hash, the run
/// and the older runs it restated; `None` when nothing was written (the
/// same content again, a refused or cancelled file).
fn import_record(store: &Store, report: &ImportReport) -> Result<Option<AuditRecord>, ApiError> {
    let (cloudlens_ingest::Outcome::Imported, Some(run_id)) = (report.outcome, report.run_id)
    else {
        return Ok(None);
    };
    let hash = store
        .lines()
        .runs()?
        .into_iter()
        .find(|r| r.id == run_id)
        .and_then(|r| r.content_hash);
    let restated: Vec<String> = report
        .restated
        .iter()
        .map(|(run, lines)| format!("{lines} lines of run {run}"))
        .collect();
    let mut after = format!(
        "run {run_id}, {} lines, {}{}",
        report.lines,
        report.format_label,
        hash.map(|h| format!(", BLAKE3 {h}")).unwrap_or_default()
    );
    if !restated.is_empty() {
        after.push_str(&format!("; restated {}", restated.join(", ")));
    }
    Ok(Some(
        AuditRecord::new(AuditAction::ImportFile, &report.source).after(after),
    ))
}
