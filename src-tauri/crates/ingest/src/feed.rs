//! Bill files written into a run that another writer opened: a synced
//! bucket delivery goes through the same reading stages as an import (the
//! file streamed and parsed on one thread, rows mapped, checked and
//! prepared on another) while the caller's thread writes them into its
//! sink, so memory stays bounded by the batch queue whatever the file's
//! size. Strict: any bad row refuses the delivery. The files' own totals
//! come back for the caller to reconcile against what its run stored,
//! before it commits.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;

use cloudlens_store::{ImportOutcome, LineSink, PreparedLine, StoreError};
use csv::StringRecord;
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::formats::{self, Format, FormatId, ReconcileOn};
use crate::map_stage::{source_problem, MapStage, ReadSummary};
use crate::parse_stage::{parse_parts, Parsed};
use crate::report::{Mode, Problem, Reconciled};
use crate::source;

/// Batches queued between two stages. One is enough to keep every stage
/// busy, since each batch is thousands of rows; every batch more is held
/// whole in memory (a sync's peak grew by about 15 MB a batch).
const IN_FLIGHT: usize = 1;

/// Why a delivery was not written.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The files are not a bill CloudLens reads, or a row is bad; the
    /// first problems are listed.
    #[error("{message}")]
    Refused {
        message: String,
        problems: Vec<Problem>,
    },
    #[error("cancelled")]
    Cancelled,
}

/// What the files held, summed over every file fed.
#[derive(Default)]
pub struct Fed {
    pub format: Option<FormatId>,
    pub rows: u64,
    pub lines: u64,
    pub skipped: BTreeMap<&'static str, u64>,
    pub currency_aliases: BTreeMap<(&'static str, &'static str), u64>,
    totals: BTreeMap<(i64, String), Decimal>,
    rounding: BTreeMap<(i64, String), [Decimal; 2]>,
    reconcile_on: Option<ReconcileOn>,
}

impl Fed {
    fn add(&mut self, s: ReadSummary, lines: u64) {
        self.rows += s.rows;
        self.lines += lines;
        for (k, v) in s.skipped {
            *self.skipped.entry(k).or_default() += v;
        }
        for (k, v) in s.currency_aliases {
            *self.currency_aliases.entry(k).or_default() += v;
        }
        for (k, v) in s.totals {
            *self.totals.entry(k).or_default() += v;
        }
        for (k, [a, b]) in s.rounding {
            let r = self.rounding.entry(k).or_default();
            r[0] += a;
            r[1] += b;
        }
        self.reconcile_on = self.reconcile_on.or(s.reconcile_on);
    }

    /// The files' totals against what the run stored, per billing period
    /// and currency; refuses the delivery when any differs (nothing is
    /// committed then).
    pub fn reconcile(&self, outcome: &ImportOutcome) -> Result<Vec<Reconciled>, FeedError> {
        let summary = ReadSummary {
            totals: self.totals.clone(),
            rounding: self.rounding.clone(),
            reconcile_on: self.reconcile_on,
            ..ReadSummary::default()
        };
        let rows = crate::pipeline::reconcile(&summary, outcome);
        if let Some(bad) = rows.iter().find(|r| !r.matches()) {
            return Err(FeedError::Refused {
                message: format!(
                    "the stored total for {} {} ({}) differs from the files' own ({}); nothing was written",
                    bad.billing_period, bad.currency, bad.stored_total, bad.file_total
                ),
                problems: Vec::new(),
            });
        }
        Ok(rows)
    }
}

fn refused(message: String, problems: Vec<Problem>) -> FeedError {
    FeedError::Refused { message, problems }
}

/// Reads one bill file (CSV, gzipped CSV, Parquet or JSON lines) into
/// `sink`, adding what it held to `fed`. The format is detected from the
/// first file and kept for the next.
pub fn feed_file(
    path: &Path,
    fed: &mut Fed,
    sink: &mut LineSink<'_>,
    cancel: &AtomicBool,
) -> Result<(), FeedError> {
    let dataset =
        Dataset::resolve(path).map_err(|e| refused(e.to_string(), vec![source_problem(&e)]))?;
    let (first, _) =
        source::open(path).map_err(|e| refused(e.to_string(), vec![source_problem(&e)]))?;
    let format: &'static dyn Format = match fed.format.and_then(formats::by_id) {
        Some(f) => f,
        None => formats::detect(first.header())
            .map(|(f, _)| f)
            .ok_or_else(|| {
                refused(
                    format!("{}: not a bill format CloudLens recognises", path.display()),
                    Vec::new(),
                )
            })?,
    };
    fed.format = Some(format.id());
    let rows = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let before = sink.lines();
    let (written, summary) = std::thread::scope(|scope| {
        let (send, receive) = sync_channel::<Vec<PreparedLine>>(IN_FLIGHT);
        let (parsed_send, parsed_receive) = sync_channel::<Vec<Parsed>>(IN_FLIGHT);
        let (spare_send, spare_receive) = sync_channel::<Vec<StringRecord>>(IN_FLIGHT * 2);
        let (dataset, bytes) = (&dataset, &bytes);
        scope.spawn(move || parse_parts(dataset, first, parsed_send, spare_receive, cancel, bytes));
        let stage = MapStage {
            format,
            mode: Mode::Strict,
            send,
            spare: spare_send,
            cancel,
            rows: &rows,
        };
        let reader = scope.spawn(move || stage.run(parsed_receive));
        let mut written: Result<(), FeedError> = Ok(());
        for batch in receive {
            if cancel.load(Ordering::Relaxed) {
                written = Err(FeedError::Cancelled);
                break;
            }
            if let Err(e) = batch.iter().try_for_each(|l| sink.push_prepared(l)) {
                written = Err(e.into());
                break;
            }
        }
        let summary = reader.join().unwrap_or_else(|_| ReadSummary {
            fatal: true,
            problem_count: 1,
            ..ReadSummary::default()
        });
        (written, summary)
    });
    written?;
    if cancel.load(Ordering::Relaxed) {
        return Err(FeedError::Cancelled);
    }
    if summary.fatal || summary.problem_count > 0 {
        let first = summary
            .problems
            .first()
            .map_or_else(|| "unreadable".to_string(), ToString::to_string);
        return Err(refused(
            format!(
                "{} bad rows or problems, the first: {first}",
                summary.problem_count.max(1)
            ),
            summary.problems,
        ));
    }
    let lines = sink.lines() - before;
    fed.add(summary, lines);
    Ok(())
}
