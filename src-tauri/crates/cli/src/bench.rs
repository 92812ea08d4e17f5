//! `cloudlens bench`: the foundation's figures on a fresh store: demo load
//! rate, store size per million lines, and Overview latency.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use cloudlens_api::{ApiError, CostMetric, DemoOptions, ErrorCode, KeySource, Locale};

use crate::commands::{now, progress_bar, yesterday};

pub fn run(db: &Path, key: &KeySource, lines: u64, runs: usize) -> Result<(), ApiError> {
    if std::fs::metadata(db).map(|m| m.len() > 0).unwrap_or(false) {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} exists; bench needs a path for a new store",
                db.display()
            ),
        ));
    }
    let cl = crate::lens::open(db, key)?;
    let opts = DemoOptions {
        lines,
        seed: 42,
        end: yesterday(),
    };
    let bar = progress_bar(lines);
    let started = Instant::now();
    let totals = cl.load_demo(&opts, now, &AtomicBool::new(false), &mut |p| {
        bar.set_position(p.done)
    })?;
    let load = started.elapsed();
    bar.finish_and_clear();
    cl.checkpoint()?;
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);

    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs.max(1) {
        let metric = if i % 2 == 0 {
            CostMetric::Effective
        } else {
            CostMetric::Billed
        };
        let t = Instant::now();
        let view = cl.overview(metric, None, Locale::En)?;
        samples.push(t.elapsed());
        if view.currencies.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Internal,
                "the overview came back empty",
            ));
        }
    }
    samples.sort();
    let pct = |p: usize| samples[(samples.len() * p / 100).min(samples.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let per_million = bytes as f64 / (totals.lines as f64 / 1e6);
    outln!("demo lines loaded         {}", totals.lines);
    outln!(
        "demo load                 {:.2} s, {:.0} lines/s (target >= 300000)",
        load.as_secs_f64(),
        totals.lines as f64 / load.as_secs_f64()
    );
    outln!(
        "store size                {:.1} MB ({:.1} MB per million lines)",
        bytes as f64 / 1e6,
        per_million / 1e6
    );
    outln!(
        "overview (all queries + charts), {} runs: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target p95 < 100)",
        samples.len(),
        ms(pct(50)),
        ms(pct(95)),
        ms(pct(100))
    );
    Ok(())
}
