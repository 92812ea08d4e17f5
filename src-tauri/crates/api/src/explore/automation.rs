//! The explorer for automation: the CLI's query output and the benchmark's
//! inputs, in api types (the engine's stay inside the api).

use std::collections::BTreeMap;
use std::time::Duration;

use cloudlens_explore as engine;

use crate::explore::convert::invalid;
use crate::explore::run::{missing_rates, rows};
use crate::{ApiError, CloudLens, ExploreQuery, ExploreRows, SnapshotFacts};

impl CloudLens {
    /// Loads the explorer's snapshot now (rather than on the first query)
    /// and tells what it holds.
    pub fn explore_load(&self) -> Result<SnapshotFacts, ApiError> {
        let snapshot = self.explore_snapshot()?;
        let mut combinations_per_service: BTreeMap<String, usize> = BTreeMap::new();
        for d in &snapshot.dims {
            *combinations_per_service
                .entry(d.service_name.to_string())
                .or_default() += 1;
        }
        Ok(SnapshotFacts {
            lines: snapshot.lines() as u64,
            days: snapshot
                .day_span()
                .map(|(first, last)| (engine::date_of(first), engine::date_of(last))),
            combinations_per_service,
        })
    }

    /// The query's rows and missing rates, without totals or chart (what the
    /// CLI prints); the duration is the query's own time (the snapshot load
    /// is not counted).
    pub fn explore_rows(&self, q: &ExploreQuery) -> Result<(ExploreRows, Duration), ApiError> {
        let (outcome, elapsed) = self.explore_outcome(q)?;
        let rows = ExploreRows {
            rows: rows(&outcome),
            missing_rates: missing_rates(&outcome),
        };
        Ok((rows, elapsed))
    }

    /// Every line of the snapshot as text columns (charge day, service,
    /// billing account, resource, the value of tag `tag`, currency, billed
    /// cost in nano-units), for a benchmark loading the same lines elsewhere.
    pub fn explore_write_flat(
        &self,
        tag: &str,
        each: &mut dyn FnMut([String; 7]) -> Result<(), String>,
    ) -> Result<(), ApiError> {
        let snapshot = self.explore_snapshot()?;
        snapshot
            .write_flat(&mut |day, dims, billed| {
                let value = dims
                    .tags
                    .iter()
                    .find(|(k, _)| &**k == tag)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
                each([
                    engine::date_of(day).to_string(),
                    dims.service_name.to_string(),
                    dims.billing_account_id.to_string(),
                    dims.resource_id.as_deref().unwrap_or("").to_string(),
                    value,
                    dims.billing_currency.to_string(),
                    billed.to_string(),
                ])
            })
            .map_err(invalid)
    }
}
