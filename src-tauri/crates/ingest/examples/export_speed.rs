//! Export speed on demo data:
//! `cargo run --release -p cloudlens-ingest --example export_speed -- [LINES] [DIR]`
//! loads LINES demo lines (default 1,000,000) into a new store in DIR (default
//! a temporary folder; a store already there is reused), then times a bare
//! scan, the extras-keys pass and the CSV and Parquet exports.

use std::time::Instant;

use chrono::NaiveDate;
use cloudlens_demo::DemoOptions;
use cloudlens_ingest::export_focus;
use cloudlens_store::{KeySource, LineFilter, RunKind, RunSpec, Store, StoreError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let lines: u64 = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let temp = tempfile::tempdir()?;
    let dir = args
        .next()
        .map_or_else(|| temp.path().to_path_buf(), Into::into);
    std::fs::create_dir_all(&dir)?;
    let key = KeySource::Passphrase("export speed".to_string().into());
    let db = dir.join("speed.db");
    let existing = db.exists();
    let mut store = Store::open(&db, &key)?;
    if existing {
        println!(
            "reusing the {} lines in {}",
            store.lines().line_count()?,
            db.display()
        );
    } else {
        load(&mut store, lines)?;
    }

    let all = LineFilter::default();
    let t = Instant::now();
    let n = store
        .lines()
        .scan_lines(&all, |_| Ok::<(), StoreError>(()))?;
    report("scan only", n, t);
    let t = Instant::now();
    let keys = store.lines().extras_keys(&all)?;
    println!("extras keys {keys:?} in {:.2} s", t.elapsed().as_secs_f64());
    for name in ["speed.csv", "speed.parquet"] {
        let path = dir.join(name);
        let t = Instant::now();
        let summary = export_focus(store.lines(), &all, &path)?;
        report(name, summary.lines, t);
        println!("  {} MB", std::fs::metadata(&path)?.len() / 1_000_000);
    }
    Ok(())
}

fn load(store: &mut Store, lines: u64) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let opts = DemoOptions {
        lines,
        seed: 42,
        end: NaiveDate::from_ymd_opt(2026, 10, 31).ok_or("date")?,
    };
    let spec = RunSpec::plain(RunKind::Demo, "export speed", None, || 0);
    let loaded = store.lines_mut().import(spec, |sink| {
        cloudlens_demo::generate(&opts, |l| sink.push(l)).map(|_| ())
    })?;
    println!(
        "loaded {} lines in {:.1} s",
        loaded.lines,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report(what: &str, lines: u64, t: Instant) {
    let s = t.elapsed().as_secs_f64();
    println!(
        "{what}: {lines} lines in {s:.2} s = {:.0} lines/s; peak memory so far {}",
        lines as f64 / s,
        peak_memory()
    );
}

/// The process's peak resident memory (Linux), for checking that exports stream.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
