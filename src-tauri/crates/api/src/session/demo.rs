//! Loading the generated demo dataset as one run, with progress and cancel.
//! Generation and line preparation run on a second thread, feeding the
//! store's single writer in batches.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::thread;

use cloudlens_demo::{DemoOptions, DemoTotals};
use cloudlens_store::{AuditAction, AuditRecord, PreparedLine, RunKind, RunSpec, StoreError};

use crate::{ApiError, CloudLens, ErrorCode, Progress};

const BATCH: usize = 8192;
/// Batches in flight between the threads: enough to keep both busy, few
/// enough that memory stays flat.
const IN_FLIGHT: usize = 4;

enum DemoStop {
    Cancelled,
    Store(StoreError),
    /// The generator thread died; a bug, reported rather than hidden.
    GeneratorFailed,
}

impl From<StoreError> for DemoStop {
    fn from(e: StoreError) -> Self {
        DemoStop::Store(e)
    }
}

impl CloudLens {
    /// Generates the demo dataset into the store in one transaction. A
    /// cancelled or failed load leaves the store as it was.
    pub fn load_demo(
        &self,
        opts: &DemoOptions,
        clock: fn() -> i64,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<DemoTotals, ApiError> {
        let source = format!(
            "demo seed={} lines={} end={}",
            opts.seed, opts.lines, opts.end
        );
        let spec = RunSpec {
            kind: RunKind::Demo,
            source: source.clone(),
            format: Some("cloudlens-demo".into()),
            clock,
            content_hash: None,
            restates: false,
        };
        let (send, receive) = sync_channel::<Vec<PreparedLine>>(IN_FLIGHT);
        let mut store = self.long_writer()?;
        let auditor = self.auditor(&mut store)?;
        let (written, generated) = thread::scope(|scope| {
            let producer = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let totals = cloudlens_demo::generate(opts, |line| {
                    batch.push(PreparedLine::new(line)?);
                    if batch.len() == BATCH {
                        // The writer hung up: it failed or was cancelled and reports why.
                        send.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                            .map_err(|_| DemoStop::Cancelled)?;
                    }
                    Ok::<(), DemoStop>(())
                })?;
                if !batch.is_empty() {
                    send.send(batch).map_err(|_| DemoStop::Cancelled)?;
                }
                Ok::<DemoTotals, DemoStop>(totals)
            });
            let report = &mut *progress;
            let written = store.audited(&auditor, |s| {
                let outcome = s.lines_mut().import(spec, move |sink| {
                    for batch in receive {
                        if cancel.load(Ordering::Relaxed) {
                            return Err(DemoStop::Cancelled);
                        }
                        for line in &batch {
                            sink.push_prepared(line)?;
                        }
                        report(Progress {
                            done: sink.lines(),
                            total: opts.lines.max(sink.lines()),
                        });
                    }
                    Ok(())
                })?;
                let record = AuditRecord::new(AuditAction::DemoLoad, source)
                    .after(format!("run {}, {} lines", outcome.run_id, outcome.lines));
                Ok((outcome, Some(record)))
            });
            let generated = producer.join().unwrap_or(Err(DemoStop::GeneratorFailed));
            (written, generated)
        });
        let (outcome, _) = written.map_err(stop)?;
        let totals = generated.map_err(stop)?;
        if totals.lines != outcome.lines {
            return Err(ApiError::new(
                ErrorCode::Internal,
                format!(
                    "the demo generated {} lines but {} were written",
                    totals.lines, outcome.lines
                ),
            ));
        }
        crate::recommendations::write_demo_inventory(&mut store, opts)?;
        crate::allocation::demo_rules::write_demo_rules(&mut store, clock())?;
        progress(Progress {
            done: outcome.lines,
            total: outcome.lines,
        });
        Ok(totals)
    }
}

fn stop(s: DemoStop) -> ApiError {
    match s {
        DemoStop::Cancelled => {
            ApiError::new(ErrorCode::InvalidInput, "loading the demo was cancelled")
        }
        DemoStop::Store(e) => e.into(),
        DemoStop::GeneratorFailed => ApiError::new(
            ErrorCode::Internal,
            "the demo generator stopped unexpectedly",
        ),
    }
}
