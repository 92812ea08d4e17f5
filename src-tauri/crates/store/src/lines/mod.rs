//! Cost lines and the runs that wrote them: interning, the import
//! transaction, restatement, removal, the daily rollup, and every read of
//! lines (dashboards, the explorer's columns, exports). Writes go only
//! through [`LinesMut::import`] and its variants, one transaction per run.

mod billed_sums;
mod day_zone;
mod explore_read;
mod import;
mod intern;
mod prepared;
mod queries;
mod restate;
mod rollup;
mod runs;
mod scan;
pub(crate) mod schema;

pub use billed_sums::BilledSums;
pub(crate) use day_zone::{register as register_zone_day, stored_zone, zone_day_sql};
pub use explore_read::{DimsRecord, LineColumn, ResourceLineRecord};
pub use import::{ImportOutcome, LineSink, RunSpec, RunTx, StoredTotal};
pub use prepared::PreparedLine;
pub use queries::{day_index, AggRow, Metric, RollupDim, RollupRow, SummaryRow};
pub(crate) use restate::Scope;
pub use runs::{RunKind, RunRecord, RunSpan};
pub use scan::LineFilter;
pub(crate) use schema::AREA;

use crate::StoreError;

area_handles!(
    /// Lines and runs: `store.lines()` reads them (from a writer or a
    /// [`crate::Reader`]); `store.lines_mut()` imports and removes runs.
    Lines,
    LinesMut,
    lines,
    lines_mut
);

impl<'a> Lines<'a> {
    /// Runs `f` with reads that all see the same commit (one read
    /// transaction), e.g. a snapshot's generation, dimensions and lines.
    pub fn consistent<T, E: From<StoreError>>(
        self,
        f: impl FnOnce(Lines<'a>) -> Result<T, E>,
    ) -> Result<T, E> {
        crate::read::consistent(self.conn, || f(self))
    }

    pub(crate) fn corrupt(&self, reason: String) -> StoreError {
        StoreError::NotAStore {
            path: self.path.to_path_buf(),
            reason,
        }
    }
}
