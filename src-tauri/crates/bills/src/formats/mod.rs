//! The bill formats CloudLens reads, each a [`Format`]: a header fingerprint
//! for detection and a binder that resolves columns by name into a
//! [`RowMapper`], which turns one row into zero or more canonical lines.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use cloudlens_model::{CostLine, Decimal, LineDims};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::fields::{CellError, Header, HeaderError, Row};

mod aws;
mod azure;
mod binder;
mod category;
mod china;
mod focus;
pub use focus::missing_mandatory as focus_missing_mandatory;
mod gcp;
mod group;
pub mod units;

use china::{alibaba::Alibaba, huawei::Huawei, tencent::Tencent, China};

/// Every format, in detection priority order.
pub fn all() -> &'static [&'static dyn Format] {
    &[
        &focus::Focus,
        &aws::AwsCur,
        &aws::AwsCur2,
        &azure::AzureEa,
        &azure::AzureMca,
        &gcp::Gcp,
        &China::<Alibaba>::FORMAT,
        &China::<Tencent>::FORMAT,
        &China::<Huawei>::FORMAT,
    ]
}

macro_rules! format_ids {
    ($($variant:ident => $id:literal, $label:literal;)+) => {
        /// A format's stable id, as the CLI's `--format` and the store's run
        /// history spell it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum FormatId { $($variant),+ }

        impl FormatId {
            pub const ALL: &'static [FormatId] = &[$(FormatId::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(FormatId::$variant => $id),+ }
            }
            /// A human name for reports and the UI.
            pub fn label(self) -> &'static str {
                match self { $(FormatId::$variant => $label),+ }
            }
        }

        impl FromStr for FormatId {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($id => Ok(FormatId::$variant),)+
                    _ => Err(format!(
                        "unknown format '{s}'; expected one of: {}",
                        [$($id),+].join(", ")
                    )),
                }
            }
        }
    };
}

format_ids! {
    Focus => "focus", "FOCUS";
    AwsCur => "aws-cur", "AWS Cost and Usage Report (legacy)";
    AwsCur2 => "aws-cur2", "AWS CUR 2.0 (Data Exports)";
    AzureEa => "azure-ea", "Azure EA cost details";
    AzureMca => "azure-mca", "Azure MCA cost details";
    Gcp => "gcp", "Google Cloud billing export";
    Alibaba => "alibaba", "Alibaba Cloud bill details";
    Tencent => "tencent", "Tencent Cloud bill details";
    Huawei => "huawei", "Huawei Cloud bill details";
}

impl fmt::Display for FormatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What detection found: how sure it is (0..=100, the highest wins) and the
/// variant within the format (`FOCUS 1.2`, `amortized`, `Chinese headers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub score: u32,
    pub variant: String,
}

/// Which of the file's own cost figures reconciliation compares against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReconcileOn {
    Billed,
    Effective,
}

pub trait Format: Sync {
    fn id(&self) -> FormatId;
    /// `None` when the header is not this format.
    fn detect(&self, header: &Header) -> Option<Detected>;
    /// Resolves the columns; a missing mandatory column refuses the file.
    fn bind(&self, header: &Header) -> Result<Box<dyn RowMapper>, HeaderError>;
}

pub trait RowMapper: Send {
    /// Maps one row into `out`. An error refuses the row (strict mode: the
    /// file). A row that yields no line must say why with [`Output::skip`].
    fn map(&mut self, row: &Row<'_>, out: &mut Output) -> Result<(), CellError>;

    fn reconcile_on(&self) -> ReconcileOn {
        ReconcileOn::Billed
    }
}

/// The file's own amount for one row, in its own billing period and
/// currency, before any mapping decisions: reconciliation sums these and
/// compares them with what the store holds for the import.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceAmount {
    pub billing_period_start: i64,
    pub currency: String,
    pub amount: Decimal,
}

/// Distinct dimension sets shared at most at once: enough for the lines of
/// one resource, or one day of a mid-sized account, to share theirs, few
/// enough that a million lines of one-off dimensions (a bill with a line
/// per resource and day) stay in megabytes. Past it sharing starts over;
/// the store still interns by content.
pub const DIMS_SHARED_MAX: usize = 16_384;

/// What a mapper produces for one row, reused across rows.
#[derive(Default)]
pub struct Output {
    pub lines: Vec<CostLine>,
    pub source: Option<SourceAmount>,
    pub skipped: Option<&'static str>,
    /// The row's currency was written in another spelling than its ISO
    /// 4217 code (RMB for CNY); the import reports it.
    pub currency_alias: Option<cloudlens_model::Currency>,
    dims: HashMap<Arc<LineDims>, ()>,
    /// Units as written to their FOCUS spelling (`None`: kept as written).
    units: HashMap<String, Option<String>>,
}

impl Output {
    /// The shared copy of `dims`: lines with equal dimensions share one
    /// allocation, which keeps memory flat and lets the store intern by
    /// address. Units of measure are first put in FOCUS UnitFormat
    /// ([`units::focus_unit`]), for every format alike.
    pub fn dims(&mut self, mut dims: LineDims) -> Arc<LineDims> {
        for unit in [
            &mut dims.pricing_unit,
            &mut dims.consumed_unit,
            &mut dims.commitment_discount_unit,
        ] {
            if let Some(u) = unit.as_mut() {
                let focus = match self.units.get(u.as_str()) {
                    Some(known) => known.clone(),
                    None => {
                        let f = units::focus_unit(u).filter(|f| f != u);
                        self.units.insert(u.clone(), f.clone());
                        f
                    }
                };
                if let Some(f) = focus {
                    *u = f;
                }
            }
        }
        if let Some((k, _)) = self.dims.get_key_value(&dims) {
            return Arc::clone(k);
        }
        if self.dims.len() >= DIMS_SHARED_MAX {
            // A bill whose lines rarely repeat their dimensions would
            // otherwise keep every line's until the file ends.
            self.dims.clear();
        }
        let arc = Arc::new(dims);
        self.dims.insert(Arc::clone(&arc), ());
        arc
    }

    /// Marks the row as deliberately producing no line (a console total
    /// row, an actual-cost row the amortized file already covers).
    pub fn skip(&mut self, reason: &'static str) {
        self.skipped = Some(reason);
    }

    /// Keeps `c` when the bill spelled it otherwise than its ISO code.
    pub fn note_currency(&mut self, c: cloudlens_model::Currency) {
        if c.written_as.is_some() {
            self.currency_alias = Some(c);
        }
    }

    pub fn push(&mut self, line: CostLine) {
        self.lines.push(line);
    }

    pub fn reset(&mut self) {
        self.lines.clear();
        self.source = None;
        self.skipped = None;
        self.currency_alias = None;
    }

    /// Distinct dimension sets seen so far.
    pub fn distinct_dims(&self) -> usize {
        self.dims.len()
    }
}

/// Shares one `LineDims` across rows whose dimension cells are byte for byte
/// equal, so a row with a combination seen before allocates nothing and is
/// not hashed field by field. Bounded: it starts over past `MAX` entries.
#[derive(Default)]
pub struct DimsCache {
    map: HashMap<Box<[u8]>, Arc<LineDims>>,
    key: Vec<u8>,
}

impl DimsCache {
    const MAX: usize = 1 << 20;

    pub fn get_or_build(
        &mut self,
        row: &Row<'_>,
        cols: &[crate::fields::Col],
        out: &mut Output,
        build: impl FnOnce() -> Result<LineDims, CellError>,
    ) -> Result<Arc<LineDims>, CellError> {
        self.key.clear();
        for c in cols {
            self.key
                .extend_from_slice(row.raw(*c).unwrap_or("").as_bytes());
            self.key.push(0x1f);
        }
        if let Some(d) = self.map.get(self.key.as_slice()) {
            return Ok(Arc::clone(d));
        }
        let dims = out.dims(build()?);
        if self.map.len() >= Self::MAX {
            self.map.clear();
        }
        self.map
            .insert(self.key.clone().into_boxed_slice(), Arc::clone(&dims));
        Ok(dims)
    }
}

/// A line of `amount` in every cost metric, with nothing else: what each
/// mapper's lines start from.
pub(crate) fn cost_line(
    dims: Arc<LineDims>,
    billing: (i64, i64),
    charge: (i64, i64),
    amount: Decimal,
    source_row: u64,
) -> CostLine {
    CostLine::of_amount(dims, billing, charge, amount, source_row)
}

/// A unit goes with its quantity (FOCUS 1.2: PricingUnit and ConsumedUnit
/// are null exactly when PricingQuantity and ConsumedQuantity are): a unit
/// without a quantity is dropped, and so is a quantity without a unit,
/// which says nothing without one.
pub(crate) fn pair_units(
    dims: &mut LineDims,
    pricing_quantity: &mut Option<Decimal>,
    consumed_quantity: &mut Option<Decimal>,
) {
    if pricing_quantity.is_none() || dims.pricing_unit.is_none() {
        *pricing_quantity = None;
        dims.pricing_unit = None;
    }
    if consumed_quantity.is_none() || dims.consumed_unit.is_none() {
        *consumed_quantity = None;
        dims.consumed_unit = None;
    }
}

/// Runs every format's detection and returns the best match.
pub fn detect(header: &Header) -> Option<(&'static dyn Format, Detected)> {
    all()
        .iter()
        .filter_map(|f| f.detect(header).map(|d| (*f, d)))
        .max_by_key(|(_, d)| d.score)
}

pub fn by_id(id: FormatId) -> Option<&'static dyn Format> {
    all().iter().copied().find(|f| f.id() == id)
}
