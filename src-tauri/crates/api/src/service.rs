//! `CloudLens`: an open store and the operations on it.

use std::path::Path;

use cloudlens_store::{KeySource, RunKind, Store};

use crate::ApiError;

pub struct CloudLens {
    pub(crate) store: Store,
    /// The explorer's in-memory snapshot, rebuilt when the store generation moves.
    pub(crate) snapshot: Option<std::sync::Arc<cloudlens_explore::Snapshot>>,
}

impl CloudLens {
    pub fn open(path: &Path, key: &KeySource) -> Result<Self, ApiError> {
        Ok(Self {
            store: Store::open(path, key)?,
            snapshot: None,
        })
    }

    pub fn line_count(&self) -> Result<u64, ApiError> {
        Ok(self.store.line_count()?)
    }

    /// Whether any demo run is in the store.
    pub fn has_demo(&self) -> Result<bool, ApiError> {
        Ok(self.store.runs()?.iter().any(|r| r.kind == RunKind::Demo))
    }

    /// Removes every demo run, leaving imported and synced data alone.
    pub fn remove_demo(&mut self) -> Result<u64, ApiError> {
        let demo: Vec<_> = self
            .store
            .runs()?
            .into_iter()
            .filter(|r| r.kind == RunKind::Demo)
            .collect();
        for run in &demo {
            self.store.remove_run(run.id)?;
        }
        self.remove_demo_inventory()?;
        Ok(demo.iter().map(|r| r.lines).sum())
    }
}

impl CloudLens {
    /// Folds the write-ahead log into the main file, so its size is the
    /// store's real size.
    pub fn checkpoint(&self) -> Result<(), ApiError> {
        Ok(self.store.checkpoint()?)
    }
}
