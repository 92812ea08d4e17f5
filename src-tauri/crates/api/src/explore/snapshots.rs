//! The explorer's snapshot cache. A query needs the snapshot of the last
//! commit: when the generation has moved, the first query to notice loads
//! the new one on its own read connection while later explorer queries wait
//! for that same load instead of starting another. Nothing else waits for
//! it: status, the Overview and every other page read the store directly.

use std::sync::{Arc, Mutex, MutexGuard};

use cloudlens_explore as engine;
use cloudlens_store::StoreError;

use crate::explore::convert::engine_err;
use crate::{ApiError, CloudLens};

#[derive(Default)]
pub(crate) struct Snapshots {
    current: Mutex<Option<Arc<engine::Snapshot>>>,
    /// Held while a snapshot loads, so concurrent queries share one load.
    loading: Mutex<()>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a load panicked; the cache is still valid.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Snapshots {
    /// Whether a snapshot is loading now.
    #[cfg(test)]
    pub(crate) fn loading(&self) -> bool {
        self.loading.try_lock().is_err()
    }

    /// The cached snapshot if it is of `generation` or later.
    fn at(&self, generation: i64) -> Option<Arc<engine::Snapshot>> {
        lock(&self.current)
            .as_ref()
            .filter(|s| s.generation >= generation)
            .cloned()
    }
}

impl CloudLens {
    /// The snapshot of the store as of the last commit, loaded on first use
    /// and again whenever an import, removal or sync changed the lines.
    pub(crate) fn explore_snapshot(&self) -> Result<Arc<engine::Snapshot>, ApiError> {
        let reader = self.reader()?;
        let generation = reader.lines().generation()?;
        if let Some(s) = self.snapshots.at(generation) {
            return Ok(s);
        }
        let _one_load = lock(&self.snapshots.loading);
        if let Some(s) = self.snapshots.at(generation) {
            return Ok(s);
        }
        let s = Arc::new(match self.view_zone() {
            Some(zone) => engine::Snapshot::load_in(reader.lines(), zone)?,
            None => engine::Snapshot::load(reader.lines())?,
        });
        *lock(&self.snapshots.current) = Some(s.clone());
        Ok(s)
    }

    /// Runs `query` over the current snapshot. A metric column is read the
    /// first time a query needs it; when a commit landed since the snapshot
    /// was loaded, the snapshot is loaded again first.
    pub(crate) fn engine_query(&self, query: &engine::Query) -> Result<engine::Outcome, ApiError> {
        let rates = self.rate_table()?;
        let mut reloaded = false;
        loop {
            let snapshot = self.explore_snapshot()?;
            let reader = self.reader()?;
            match snapshot.metric(reader.lines(), query.metric) {
                Ok(_) => {
                    return snapshot
                        .query(reader.lines(), query, &rates)
                        .map_err(engine_err)
                }
                Err(StoreError::Changed) if !reloaded => reloaded = true,
                Err(e) => return Err(e.into()),
            }
        }
    }
}
