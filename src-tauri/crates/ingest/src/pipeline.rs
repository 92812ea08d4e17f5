//! One dataset into the store as one transaction. A reader thread parses,
//! maps and prepares lines while the calling thread writes them; the file's
//! own totals are summed on the way in and compared with what the store
//! holds before the commit, so an import either reconciles to the cent or
//! leaves nothing behind. Strict mode refuses the file on any bad row;
//! lenient mode writes the good rows and lists the rest.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::Instant;

use cloudlens_store::{ImportOutcome, PreparedLine, RunKind, RunSpec, Store, StoreError};
use csv::StringRecord;
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::formats::{self, Format, FormatId, ReconcileOn};
use crate::map_stage::{source_problem, MapStage, ReadSummary};
use crate::parse_stage::{parse_parts, Parsed};
use crate::report::{ImportReport, Mode, Outcome, Problem, Reconciled, Skipped};
use crate::source::{self, RecordSource, SourceError};
const IN_FLIGHT: usize = 8;

pub struct ImportOptions {
    /// Overrides detection.
    pub format: Option<FormatId>,
    pub mode: Mode,
    pub clock: fn() -> i64,
}

/// Progress of one import, reported between batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgress {
    pub rows: u64,
    pub lines: u64,
    pub bytes: u64,
    pub total_bytes: u64,
    pub elapsed_ms: u64,
}

impl ImportProgress {
    pub fn rows_per_sec(&self) -> u64 {
        (u128::from(self.rows) * 1000 / u128::from(self.elapsed_ms.max(1))) as u64
    }

    /// Seconds left at the current byte rate, once there is a rate.
    pub fn eta_secs(&self) -> Option<u64> {
        if self.bytes == 0 || self.elapsed_ms < 200 {
            return None;
        }
        let left = self.total_bytes.saturating_sub(self.bytes);
        Some(
            (u128::from(left) * u128::from(self.elapsed_ms) / u128::from(self.bytes) / 1000) as u64,
        )
    }
}

/// Failures that are not about the file: the store itself failed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a transaction was rolled back.
enum Abort {
    Store(StoreError),
    Refused,
    Cancelled,
    /// The same content is already the run with this id.
    AlreadyImported(i64),
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}

/// Imports one file or folder; problems with the file come back in the
/// report (outcome `Refused`), store failures as errors.
pub fn import_path(
    store: &mut Store,
    path: &Path,
    opts: &ImportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<ImportReport, IngestError> {
    let started = Instant::now();
    let mut report = empty_report(path, opts.mode);
    let refuse = |mut report: ImportReport, e: SourceError| {
        report.outcome = Outcome::Refused;
        report.problem_count = 1;
        report.problems = vec![source_problem(&e)];
        report.elapsed_ms = started.elapsed().as_millis() as u64;
        Ok(report)
    };
    let dataset = match Dataset::resolve(path) {
        Ok(d) => d,
        Err(e) => return refuse(report, e),
    };
    report.parts = dataset
        .parts
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    report.ignored = dataset.ignored.clone();
    report.bytes = dataset.bytes;
    let (first, encoding) = match source::open(&dataset.parts[0]) {
        Ok(s) => s,
        Err(e) => return refuse(report, e),
    };
    report.encoding = encoding.label().to_string();
    let format = match choose_format(first.as_ref(), opts.format) {
        Ok((format, variant)) => {
            report.format = Some(format.id());
            report.format_label = format.id().label().to_string();
            report.variant = variant;
            format
        }
        Err(message) => {
            let e = SourceError::Unsupported {
                path: dataset.parts[0].clone(),
                message,
            };
            return refuse(report, e);
        }
    };

    let spec = RunSpec {
        kind: RunKind::File,
        source: path.display().to_string(),
        format: Some(format.id().as_str().to_string()),
        clock: opts.clock,
        content_hash: None,
        restates: true,
    };
    let rows = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let total_bytes = dataset.bytes;
    let mode = opts.mode;
    let summary = RefCell::new(ReadSummary::default());
    let result = std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<Vec<PreparedLine>>(IN_FLIGHT);
        let (parsed_send, parsed_receive) = sync_channel::<Vec<Parsed>>(IN_FLIGHT);
        let (spare_send, spare_receive) = sync_channel::<Vec<StringRecord>>(IN_FLIGHT * 2);
        let dataset = &dataset;
        let bytes_ref = &bytes;
        scope.spawn(move || {
            parse_parts(
                dataset,
                first,
                parsed_send,
                spare_receive,
                cancel,
                bytes_ref,
            )
        });
        let stage = MapStage {
            format,
            mode,
            send,
            spare: spare_send,
            cancel,
            rows: &rows,
        };
        let reader = scope.spawn(move || stage.run(parsed_receive));
        // Hashing runs beside the import; a repeat is found before the commit.
        let hasher = scope.spawn(|| dataset.content_hash(cancel));
        let reader = RefCell::new(Some(reader));
        let joined = || {
            reader
                .borrow_mut()
                .take()
                .map(|h| h.join().unwrap_or_else(|_| crashed_reader()))
        };
        let outcome = store.lines_mut().import_reporting(
            spec,
            |sink| {
                write_batches(sink, receive, cancel, &mut |lines| {
                    progress(&ImportProgress {
                        rows: rows.load(Ordering::Relaxed),
                        lines,
                        bytes: bytes.load(Ordering::Relaxed),
                        total_bytes,
                        elapsed_ms: started.elapsed().as_millis() as u64,
                    })
                })?;
                let hash = hasher
                    .join()
                    .unwrap_or_else(|_| Err(SourceError::Unsupported {
                        path: dataset.root.clone(),
                        message: "hashing stopped unexpectedly".to_string(),
                    }));
                let s = joined().unwrap_or_default();
                let hash = match hash {
                    Ok(h) => h,
                    Err(e) => {
                        let mut s = s;
                        s.fatal = true;
                        s.problem(source_problem(&e));
                        *summary.borrow_mut() = s;
                        return Err(Abort::Refused);
                    }
                };
                if let Some(run) = sink.claim_content_hash(&hash)? {
                    *summary.borrow_mut() = s;
                    return Err(Abort::AlreadyImported(run));
                }
                let refused = s.fatal || (mode == Mode::Strict && s.problem_count > 0);
                *summary.borrow_mut() = s;
                if refused {
                    return Err(Abort::Refused);
                }
                Ok(())
            },
            |outcome| {
                let mut summary = summary.borrow_mut();
                let reconciliation = reconcile(&summary, outcome);
                if reconciliation.iter().any(|r| !r.matches()) {
                    summary.problem(Problem {
                        file: path.display().to_string(),
                        line: 0,
                        column: None,
                        value: None,
                        expected: "stored totals equal to the file's own totals (an internal error: nothing was written)"
                            .to_string(),
                    });
                    return Err(Abort::Refused);
                }
                let mut r = report.clone();
                fill_report(&mut r, &summary, outcome, reconciliation, started);
                Ok(serde_json::to_string(&r).ok())
            },
        );
        if let Some(s) = joined() {
            *summary.borrow_mut() = s;
        }
        outcome
    });
    let summary = summary.into_inner();
    report.rows = summary.rows;
    match result {
        Ok(outcome) => {
            let reconciliation = reconcile(&summary, &outcome);
            fill_report(&mut report, &summary, &outcome, reconciliation, started);
            Ok(report)
        }
        Err(Abort::Store(e)) => Err(e.into()),
        Err(Abort::AlreadyImported(run)) => {
            report.outcome = Outcome::AlreadyImported;
            report.run_id = Some(run);
            report.elapsed_ms = started.elapsed().as_millis() as u64;
            Ok(report)
        }
        Err(abort) => {
            report.outcome = if matches!(abort, Abort::Cancelled) {
                Outcome::Cancelled
            } else {
                Outcome::Refused
            };
            report.skipped = skipped(&summary);
            report.notes = notes(&summary);
            report.problems = summary.problems;
            report.problem_count = summary.problem_count;
            report.elapsed_ms = started.elapsed().as_millis() as u64;
            Ok(report)
        }
    }
}

fn crashed_reader() -> ReadSummary {
    ReadSummary {
        fatal: true,
        problem_count: 1,
        problems: vec![Problem {
            file: String::new(),
            line: 0,
            column: None,
            value: None,
            expected: "the reader to finish (it stopped unexpectedly; nothing was written)"
                .to_string(),
        }],
        ..ReadSummary::default()
    }
}

fn empty_report(path: &Path, mode: Mode) -> ImportReport {
    ImportReport {
        source: path.display().to_string(),
        parts: Vec::new(),
        ignored: Vec::new(),
        format: None,
        format_label: String::new(),
        variant: String::new(),
        encoding: String::new(),
        mode,
        outcome: Outcome::Imported,
        run_id: None,
        rows: 0,
        lines: 0,
        bytes: 0,
        skipped: Vec::new(),
        notes: Vec::new(),
        problems: Vec::new(),
        problem_count: 0,
        reconcile_on: ReconcileOn::Billed,
        reconciliation: Vec::new(),
        restated: Vec::new(),
        elapsed_ms: 0,
    }
}

fn fill_report(
    r: &mut ImportReport,
    s: &ReadSummary,
    outcome: &ImportOutcome,
    reconciliation: Vec<Reconciled>,
    started: Instant,
) {
    r.outcome = Outcome::Imported;
    r.run_id = Some(outcome.run_id);
    r.rows = s.rows;
    r.lines = outcome.lines;
    r.problems = s.problems.clone();
    r.problem_count = s.problem_count;
    r.skipped = skipped(s);
    r.notes = notes(s);
    r.reconcile_on = s.reconcile_on.unwrap_or(ReconcileOn::Billed);
    r.reconciliation = reconciliation;
    r.restated = outcome.restated.clone();
    r.elapsed_ms = started.elapsed().as_millis() as u64;
}

fn notes(s: &ReadSummary) -> Vec<Skipped> {
    s.currency_aliases
        .iter()
        .filter_map(|(&(written, code), rows)| {
            let c = cloudlens_model::Currency {
                code,
                written_as: Some(written),
            };
            Some(Skipped {
                reason: cloudlens_model::alias_note(&c)?,
                rows: *rows,
            })
        })
        .collect()
}

fn skipped(s: &ReadSummary) -> Vec<Skipped> {
    s.skipped
        .iter()
        .map(|(reason, rows)| Skipped {
            reason: reason.to_string(),
            rows: *rows,
        })
        .collect()
}

/// The file's totals against the stored ones, matched by billing period
/// start and currency; a side missing on either is a mismatch.
pub(crate) fn reconcile(s: &ReadSummary, outcome: &ImportOutcome) -> Vec<Reconciled> {
    let on = s.reconcile_on.unwrap_or(ReconcileOn::Billed);
    let mut rows: BTreeMap<(i64, String), Reconciled> = BTreeMap::new();
    for ((start, currency), total) in &s.totals {
        rows.insert(
            (*start, currency.clone()),
            Reconciled {
                billing_period: period_label(*start),
                billing_period_start: *start,
                currency: currency.clone(),
                file_total: *total,
                stored_total: Decimal::ZERO,
                rounding: s
                    .rounding
                    .get(&(*start, currency.clone()))
                    .map_or(Decimal::ZERO, |r| {
                        r[usize::from(on == ReconcileOn::Effective)]
                    }),
                lines: 0,
            },
        );
    }
    for t in &outcome.totals {
        let r = rows
            .entry((t.billing_period_start, t.currency.clone()))
            .or_insert_with(|| Reconciled {
                billing_period: period_label(t.billing_period_start),
                billing_period_start: t.billing_period_start,
                currency: t.currency.clone(),
                file_total: Decimal::ZERO,
                stored_total: Decimal::ZERO,
                rounding: Decimal::ZERO,
                lines: 0,
            });
        r.stored_total += match on {
            ReconcileOn::Billed => t.billed,
            ReconcileOn::Effective => t.effective,
        };
        r.lines += t.lines;
    }
    rows.into_values().collect()
}

/// `2025-01` for a billing period starting at that month's first instant in
/// any zone from UTC-12 to UTC+12 (Chinese bills start at 16:00 UTC the day
/// before, GCP's at 08:00 UTC).
pub fn period_label(start: i64) -> String {
    chrono::DateTime::from_timestamp(start + 12 * 3600, 0)
        .map(|d| d.format("%Y-%m").to_string())
        .unwrap_or_default()
}

fn choose_format(
    first: &dyn RecordSource,
    forced: Option<FormatId>,
) -> Result<(&'static dyn Format, String), String> {
    let header = first.header();
    if let Some(id) = forced {
        let format = formats::by_id(id)
            .ok_or_else(|| format!("the {} format is not available in this build", id.label()))?;
        let variant = format.detect(header).map(|d| d.variant).unwrap_or_default();
        return Ok((format, variant));
    }
    match formats::detect(header) {
        Some((format, detected)) => Ok((format, detected.variant)),
        None => {
            if let Some(missing) = formats::focus_missing_mandatory(header) {
                return Err(format!(
                    "line 1: FOCUS columns, but without the mandatory {}; expected every FOCUS mandatory column",
                    missing.join(", ")
                ));
            }
            let shown: Vec<&str> = header.names().iter().take(12).map(String::as_str).collect();
            Err(format!(
                "not a bill format CloudLens recognises (columns: {}{}); expected FOCUS, AWS CUR, Azure, Google Cloud, \
                 Alibaba Cloud, Tencent Cloud or Huawei Cloud bill columns, or choose the format explicitly",
                shown.join(", "),
                if header.len() > 12 { ", ..." } else { "" }
            ))
        }
    }
}

fn write_batches(
    sink: &mut cloudlens_store::LineSink<'_>,
    receive: Receiver<Vec<PreparedLine>>,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(u64),
) -> Result<(), Abort> {
    for batch in receive {
        if cancel.load(Ordering::Relaxed) {
            return Err(Abort::Cancelled);
        }
        for line in &batch {
            sink.push_prepared(line)?;
        }
        progress(sink.lines());
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(Abort::Cancelled);
    }
    Ok(())
}
