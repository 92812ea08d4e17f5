//! The writer's side of a bucket delivery: its spooled files read through
//! the importer's stages into one run that replaces the window's previous
//! one, reconciled to the files' own totals before the commit, with one
//! page record per file (the object's key and ETag), the window's `done`
//! mark, the delivery's signature and the source-of-truth settlement in
//! the same transaction. A file that is not a readable bill fails the
//! window and leaves the store as it was.

use std::cell::RefCell;

use cloudlens_ingest::feed::{feed_file, Fed, FeedError};
use cloudlens_providers::{ErrorKind, ProviderError, Window};
use cloudlens_store::{PageRecord, RunKind, RunSpec, StoreError};

use crate::bucket::Spooled;
use crate::writer::{audit_window, Writer};

impl Writer<'_> {
    /// The lines written, or why the delivery was refused; `Err` only
    /// when the store itself failed.
    pub(crate) fn write_delivery(
        &mut self,
        window: &Window,
        key: &str,
        signature: &str,
        spooled: Spooled,
        attempts: u32,
    ) -> Result<Result<u64, ProviderError>, StoreError> {
        let replaces: Vec<i64> = self.previous.get(key).copied().into_iter().collect();
        let spec = RunSpec {
            kind: RunKind::Sync,
            source: format!("bucket:{}:{key}", self.connection),
            format: Some(self.provider.clone()),
            clock: self.clock,
            content_hash: None,
            restates: false,
        };
        let complete = window.month < self.this_month;
        let claim = self.claim(complete);
        let now = (self.clock)();
        // What the window held before, so only a change is logged.
        let before = match replaces.first() {
            Some(run) => self.store.lines().run_totals(*run)?,
            None => Vec::new(),
        };
        let auditor = self.auditor;
        let fed = RefCell::new(Fed::default());
        let pages = RefCell::new(Vec::with_capacity(spooled.files.len()));
        let (cancel, connection, sync_run) = (self.cancel, self.connection.clone(), self.sync_run);
        let outcome = self.store.lines_mut().import_replacing(
            spec,
            &replaces,
            |sink| {
                for (i, (path, object)) in spooled.files.iter().enumerate() {
                    let before = sink.line_ids().map(|(_, last)| last);
                    feed_file(path, &mut fed.borrow_mut(), sink, cancel).map_err(|e| match e {
                        FeedError::Refused { message, problems } => FeedError::Refused {
                            message: format!("{}: {message}", object.key),
                            problems,
                        },
                        other => other,
                    })?;
                    let lines = match (before, sink.line_ids()) {
                        (Some(b), Some((_, last))) if last > b => Some((b + 1, last)),
                        (None, Some(r)) => Some(r),
                        _ => None,
                    };
                    pages.borrow_mut().push(PageRecord {
                        page: i as u32 + 1,
                        request_id: format!("{}#{}", object.key, object.etag),
                        lines,
                    });
                }
                Ok::<(), FeedError>(())
            },
            |tx, outcome| {
                fed.borrow().reconcile(outcome)?;
                tx.finish_window(
                    &connection,
                    key,
                    &window.month,
                    sync_run,
                    attempts,
                    &pages.borrow(),
                )?;
                tx.set_delivery_signature(&connection, key, signature)?;
                audit_window(tx, auditor, &connection, key, &before, outcome)?;
                tx.settle_sources(&claim, now)?;
                Ok(())
            },
        );
        drop(spooled);
        match outcome {
            Ok(o) => {
                self.previous.insert(key.to_string(), o.run_id);
                Ok(Ok(o.lines))
            }
            Err(FeedError::Store(e)) => Err(e),
            Err(FeedError::Cancelled) => Ok(Err(ProviderError::new(
                ErrorKind::InvalidRequest,
                "cancelled",
            ))),
            Err(FeedError::Refused { message, .. }) => Ok(Err(ProviderError::new(
                ErrorKind::BadResponse,
                format!(
                    "the delivery of {} was not imported: {message}",
                    window.month
                ),
            ))),
        }
    }
}
