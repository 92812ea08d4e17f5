//! What an import found and did, for the CLI, the UI and the import
//! history (stored with the run as JSON).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::Ignored;
use crate::formats::{FormatId, ReconcileOn};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Any bad row refuses the whole file.
    Strict,
    /// Good rows are imported; bad rows are listed.
    Lenient,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Imported,
    /// The same content was imported before, as the run in `run_id`.
    AlreadyImported,
    /// Nothing was written: see `problems`.
    Refused,
    Cancelled,
}

/// One problem, located as precisely as the source allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub file: String,
    /// 1-based line (text files) or row (Parquet); 0 for whole-file problems.
    pub line: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub expected: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        match &self.value {
            Some(v) => write!(f, ": '{v}' is not {}", self.expected),
            None => write!(f, ": {}", self.expected),
        }
    }
}

/// The file's own total against the store's for one billing period and
/// currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciled {
    /// The billing month as the provider names it (`2025-01`).
    pub billing_period: String,
    pub billing_period_start: i64,
    pub currency: String,
    pub file_total: Decimal,
    pub stored_total: Decimal,
    /// The store keeps amounts to nine decimal places; this is the exact sum
    /// of what rounding the file's longer amounts to nine places removed.
    pub rounding: Decimal,
    pub lines: u64,
}

impl Reconciled {
    /// The stored total plus the known rounding equals the file's total
    /// exactly, and the rounding stays below half a cent, so the totals
    /// agree to the cent.
    pub fn matches(&self) -> bool {
        self.file_total == self.stored_total + self.rounding
            && self.rounding.abs() < Decimal::new(5, 3)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub reason: String,
    pub rows: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub source: String,
    pub parts: Vec<String>,
    pub ignored: Vec<Ignored>,
    pub format: Option<FormatId>,
    pub format_label: String,
    pub variant: String,
    pub encoding: String,
    pub mode: Mode,
    pub outcome: Outcome,
    pub run_id: Option<i64>,
    pub rows: u64,
    pub lines: u64,
    pub bytes: u64,
    pub skipped: Vec<Skipped>,
    /// Rows read with a warning (a currency alias such as RMB read as CNY),
    /// counted per warning.
    #[serde(default)]
    pub notes: Vec<Skipped>,
    /// The first problems found (at most [`MAX_LISTED`]); `problem_count`
    /// has them all.
    pub problems: Vec<Problem>,
    pub problem_count: u64,
    pub reconcile_on: ReconcileOn,
    pub reconciliation: Vec<Reconciled>,
    /// Older runs whose lines this import replaced: (run, lines).
    pub restated: Vec<(i64, u64)>,
    pub elapsed_ms: u64,
}

pub const MAX_LISTED: usize = 200;

impl ImportReport {
    pub fn reconciles(&self) -> bool {
        self.reconciliation.iter().all(Reconciled::matches)
    }
}
