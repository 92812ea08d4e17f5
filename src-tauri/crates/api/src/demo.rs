//! Loading the generated demo dataset as one run, with progress and cancel.

use std::sync::atomic::{AtomicBool, Ordering};

use cloudlens_demo::{DemoOptions, DemoTotals};
use cloudlens_store::{RunKind, RunSpec, StoreError};

use crate::{ApiError, CloudLens, ErrorCode, Progress};

/// Progress is reported every this many lines.
const PROGRESS_EVERY: u64 = 20_000;

pub enum DemoStop {
    Cancelled,
    Store(StoreError),
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
        &mut self,
        opts: &DemoOptions,
        clock: fn() -> i64,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<DemoTotals, ApiError> {
        let spec = RunSpec {
            kind: RunKind::Demo,
            source: format!("demo seed={} lines={} end={}", opts.seed, opts.lines, opts.end),
            format: Some("cloudlens-demo".into()),
            clock,
        };
        let mut totals = None;
        let result = self.store.import(spec, |sink| {
            let t = cloudlens_demo::generate(opts, |line| {
                sink.push(&line)?;
                let done = sink.lines();
                if done % PROGRESS_EVERY == 0 {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(DemoStop::Cancelled);
                    }
                    progress(Progress { done, total: opts.lines.max(done) });
                }
                Ok(())
            })?;
            totals = Some(t);
            Ok::<(), DemoStop>(())
        });
        match result {
            Ok(outcome) => {
                progress(Progress { done: outcome.lines, total: outcome.lines });
                totals.ok_or_else(|| ApiError::new(ErrorCode::Internal, "the demo generator returned no totals"))
            }
            Err(DemoStop::Cancelled) => Err(ApiError::new(ErrorCode::InvalidInput, "loading the demo was cancelled")),
            Err(DemoStop::Store(e)) => Err(e.into()),
        }
    }
}
