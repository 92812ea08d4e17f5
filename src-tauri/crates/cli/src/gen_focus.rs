//! `cloudlens gen-focus`: demo lines straight into a FOCUS 1.2 CSV, no
//! store involved, so the import benchmark has a file of any size.

use std::io::BufWriter;
use std::path::Path;
use std::time::Instant;

use cloudlens_api::{ApiError, ErrorCode};
use cloudlens_ingest::export::ExtraColumns;
use cloudlens_ingest::{FocusCsvWriter, FocusSink};

use crate::commands::yesterday;

pub fn run(rows: u64, seed: u64, out: &Path) -> Result<(), ApiError> {
    let fail = |e: &dyn std::fmt::Display| {
        ApiError::new(ErrorCode::Internal, format!("{}: {e}", out.display()))
    };
    let file = std::fs::File::create(out).map_err(|e| fail(&e))?;
    let mut sink: Box<dyn FocusSink> = Box::new(
        FocusCsvWriter::new(
            BufWriter::with_capacity(1 << 20, file),
            ExtraColumns::from_keys(Vec::<String>::new()),
        )
        .map_err(|e| fail(&e))?,
    );
    let opts = cloudlens_api::DemoOptions {
        lines: rows,
        seed,
        end: yesterday(),
    };
    let started = Instant::now();
    let mut written = 0u64;
    let mut error = None;
    // The demo sizes itself around `rows`; stop exactly at `rows`.
    let result = cloudlens_demo::generate(&opts, |mut line| {
        if written >= rows || error.is_some() {
            return Ok(());
        }
        line.extras = None;
        if let Err(e) = sink.write(&line) {
            error = Some(e.to_string());
        }
        written += 1;
        Ok::<(), std::convert::Infallible>(())
    });
    if let Some(e) = error {
        return Err(fail(&e));
    }
    result.map_err(|e| fail(&format!("{e:?}")))?;
    let summary = sink.finish().map_err(|e| fail(&e))?;
    errln!(
        "wrote {} FOCUS 1.2 rows to {} in {:.1} s",
        summary.lines,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
