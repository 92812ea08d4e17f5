//! The second reading stage: parsed rows through the format's mapper (bound
//! anew for each part's header), checked, prepared for storage and batched
//! for the writer. It keeps the file's own totals and every problem.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};

use cloudlens_model::CostLine;
use cloudlens_store::PreparedLine;
use csv::StringRecord;
use rust_decimal::Decimal;

use crate::formats::{Format, Output, ReconcileOn, RowMapper};
use crate::parse_stage::Parsed;
use crate::report::{Mode, Problem, MAX_LISTED};
use crate::{Header, Row};

pub const LINES_PER_BATCH: usize = 4096;

/// What the reading stages found.
#[derive(Default)]
pub struct ReadSummary {
    pub rows: u64,
    pub problems: Vec<Problem>,
    pub problem_count: u64,
    pub fatal: bool,
    pub skipped: BTreeMap<&'static str, u64>,
    /// Rows whose currency was an alias of its ISO code, per (spelling, code).
    pub currency_aliases: BTreeMap<(&'static str, &'static str), u64>,
    /// The file's own totals by billing period start and currency.
    pub totals: BTreeMap<(i64, String), Decimal>,
    /// What storing at nine decimal places rounds off the lines' billed
    /// and effective amounts.
    pub rounding: BTreeMap<(i64, String), [Decimal; 2]>,
    pub reconcile_on: Option<ReconcileOn>,
}

impl ReadSummary {
    pub fn problem(&mut self, p: Problem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_LISTED {
            self.problems.push(p);
        }
    }
}

pub fn source_problem(e: &crate::source::SourceError) -> Problem {
    use crate::source::SourceError;
    let (path, line, message) = match e {
        SourceError::Io { path, message } | SourceError::Unsupported { path, message } => {
            (path, 0, message)
        }
        SourceError::Malformed {
            path,
            line,
            message,
        }
        | SourceError::BadRow {
            path,
            line,
            message,
        } => (path, *line, message),
    };
    Problem {
        file: path.display().to_string(),
        line,
        column: None,
        value: None,
        expected: message.clone(),
    }
}

pub struct MapStage<'a> {
    pub format: &'static dyn Format,
    pub mode: Mode,
    pub send: SyncSender<Vec<PreparedLine>>,
    pub spare: SyncSender<Vec<StringRecord>>,
    pub cancel: &'a AtomicBool,
    pub rows: &'a AtomicU64,
}

struct PartState {
    file: String,
    header: Header,
    mapper: Box<dyn RowMapper>,
}

impl MapStage<'_> {
    pub fn run(self, receive: Receiver<Vec<Parsed>>) -> ReadSummary {
        let mut s = ReadSummary::default();
        let mut out = Output::default();
        let mut batch = Vec::with_capacity(LINES_PER_BATCH);
        let mut part: Option<PartState> = None;
        for parsed in receive {
            let mut used = Vec::with_capacity(parsed.len());
            for item in parsed {
                if self.cancel.load(Ordering::Relaxed) {
                    return s;
                }
                match item {
                    Parsed::Part { path, header } => {
                        if let Some(p) = &part {
                            s.reconcile_on = Some(p.mapper.reconcile_on());
                        }
                        match self.format.bind(&header) {
                            Ok(mapper) => {
                                part = Some(PartState {
                                    file: path.display().to_string(),
                                    header,
                                    mapper,
                                })
                            }
                            Err(e) => {
                                s.fatal = true;
                                s.problem(Problem {
                                    file: path.display().to_string(),
                                    line: 1,
                                    column: None,
                                    value: None,
                                    expected: format!("a {} header: {e}", self.format.id().label()),
                                });
                                return s;
                            }
                        }
                    }
                    Parsed::BadRow(e) => {
                        s.rows += 1;
                        s.problem(source_problem(&e));
                    }
                    Parsed::Fatal(e) => {
                        s.fatal = true;
                        s.problem(source_problem(&e));
                        return s;
                    }
                    Parsed::Row { line, record } => {
                        let Some(p) = part.as_mut() else { continue };
                        s.rows += 1;
                        self.map_row(p, line, &record, &mut s, &mut out, &mut batch);
                        used.push(record);
                        if self.mode == Mode::Strict && s.problem_count > 0 {
                            // Nothing will be written; keep reading only to list problems.
                            batch.clear();
                            if s.problems.len() >= MAX_LISTED {
                                return s;
                            }
                        }
                    }
                }
            }
            self.rows.store(s.rows, Ordering::Relaxed);
            // The parser may be gone already; its buffers are not needed then.
            let _ = self.spare.try_send(used);
            if batch.len() >= LINES_PER_BATCH
                && self
                    .send
                    .send(std::mem::replace(
                        &mut batch,
                        Vec::with_capacity(LINES_PER_BATCH),
                    ))
                    .is_err()
            {
                return s;
            }
        }
        if let Some(p) = &part {
            // Some formats know which figure the file states only after its
            // rows (an amortized Azure file has the header of an actual one).
            s.reconcile_on = Some(p.mapper.reconcile_on());
        }
        if !batch.is_empty() {
            let _ = self.send.send(batch);
        }
        s
    }

    fn map_row(
        &self,
        p: &mut PartState,
        line: u64,
        record: &StringRecord,
        s: &mut ReadSummary,
        out: &mut Output,
        batch: &mut Vec<PreparedLine>,
    ) {
        out.reset();
        let row = Row {
            line,
            header: &p.header,
            fields: &crate::RecordFields(record),
        };
        if let Err(e) = p.mapper.map(&row, out) {
            s.problem(Problem {
                file: p.file.clone(),
                line,
                column: Some(e.column),
                value: Some(e.value),
                expected: e.expected,
            });
            return;
        }
        if let Some(c) = out.currency_alias {
            if let Some(w) = c.written_as {
                *s.currency_aliases.entry((w, c.code)).or_default() += 1;
            }
        }
        if out.lines.is_empty() {
            *s.skipped
                .entry(out.skipped.unwrap_or("the row yields no cost line"))
                .or_default() += 1;
            return;
        }
        let rounding = [
            out.lines
                .iter()
                .map(|l| rounding_of(l.billed_cost))
                .sum::<Decimal>(),
            out.lines
                .iter()
                .map(|l| rounding_of(l.effective_cost))
                .sum::<Decimal>(),
        ];
        if let Err(problem) = prepare(&p.file, line, &mut out.lines, batch) {
            s.problem(problem);
        } else if let Some(src) = out.source.take() {
            // Kept under the file's own key, which reconciliation looks up;
            // most rows round nothing off and allocate no key.
            if rounding.iter().any(|r| !r.is_zero()) {
                let r = s
                    .rounding
                    .entry((src.billing_period_start, src.currency.clone()))
                    .or_default();
                r[0] += rounding[0];
                r[1] += rounding[1];
            }
            *s.totals
                .entry((src.billing_period_start, src.currency))
                .or_default() += src.amount;
        }
    }
}

/// What storing an amount at nine places rounds off.
fn rounding_of(v: Decimal) -> Decimal {
    if v.scale() <= 9 {
        return Decimal::ZERO;
    }
    cloudlens_store::to_nanos("", v).map_or(Decimal::ZERO, |n| {
        v - cloudlens_store::from_nanos(i128::from(n))
    })
}

/// Prepares all of a row's lines, or none of them.
fn prepare(
    file: &str,
    line: u64,
    lines: &mut Vec<CostLine>,
    batch: &mut Vec<PreparedLine>,
) -> Result<(), Problem> {
    let start = batch.len();
    for l in lines.drain(..) {
        match PreparedLine::new(l) {
            Ok(p) => batch.push(p),
            Err(e) => {
                batch.truncate(start);
                return Err(Problem {
                    file: file.to_string(),
                    line,
                    column: None,
                    value: None,
                    expected: e.to_string(),
                });
            }
        }
    }
    Ok(())
}
