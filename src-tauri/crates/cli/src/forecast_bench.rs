//! Plumbing of `.ci/bench-forecast`: forecasts at rolling origins for
//! series given as CSV (no store), the demo store's daily series written
//! out for the reference methods, and the timing of a whole scope.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use clap::Subcommand;
use cloudlens_api::{
    exact_amount, ApiError, ErrorCode, ExploreMetric, ForecastQuery, KeySource, Locale,
};
use cloudlens_forecast::{forecast, Calendar, DailySeries, Outcome};

#[derive(Subcommand)]
pub enum BenchAction {
    /// Forecast every series of a CSV (series,date,value; consecutive days)
    /// from `origins` origins `step` days apart, the last `horizon` days
    /// before the end; write series,origin,date,mean,lo80,hi80,lo95,hi95,model.
    Score {
        #[arg(long)]
        series: PathBuf,
        #[arg(long, default_value_t = 14)]
        horizon: usize,
        #[arg(long, default_value_t = 6)]
        origins: usize,
        #[arg(long, default_value_t = 14)]
        step: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the store's daily series of a grouping as series,date,value.
    Dump {
        #[arg(long, value_delimiter = ',', default_value = "service,billing_account")]
        group_by: Vec<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Forecast every group of a grouping and print the time, total and per
    /// series, as JSON: through the API (two threads) and one series at a
    /// time on one thread, `repeat` passes, the median pass reported in wall
    /// and in the thread's own CPU time.
    Speed {
        #[arg(long, value_delimiter = ',', default_value = "service,billing_account")]
        group_by: Vec<String>,
        #[arg(long, default_value_t = 7)]
        repeat: usize,
    },
}

fn err(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

pub fn without_store(a: &BenchAction) -> Option<Result<(), ApiError>> {
    match a {
        BenchAction::Score {
            series,
            horizon,
            origins,
            step,
            out,
        } => Some(score(series, *horizon, *origins, *step, out)),
        _ => None,
    }
}

fn read(path: &Path) -> Result<BTreeMap<String, (NaiveDate, Vec<f64>)>, ApiError> {
    let mut r =
        csv::Reader::from_path(path).map_err(|e| err(format!("{}: {e}", path.display())))?;
    let mut out: BTreeMap<String, (NaiveDate, Vec<f64>, NaiveDate)> = BTreeMap::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| err(format!("{}, line {line}: {e}", path.display())))?;
        let at = |c: usize, name: &str| {
            rec.get(c).ok_or_else(|| {
                err(format!(
                    "{}, line {line}: expected a {name} column",
                    path.display()
                ))
            })
        };
        let (id, d, v) = (at(0, "series")?, at(1, "date")?, at(2, "value")?);
        let date = NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            err(format!(
                "{}, line {line}, column date: expected YYYY-MM-DD, got {d:?}",
                path.display()
            ))
        })?;
        let value: f64 = v.parse().map_err(|_| {
            err(format!(
                "{}, line {line}, column value: expected a number, got {v:?}",
                path.display()
            ))
        })?;
        let e = out
            .entry(id.to_string())
            .or_insert((date, Vec::new(), date));
        if date != e.2 {
            return Err(err(format!(
                "{}, line {line}: series {id} expected {} next, got {date}",
                path.display(),
                e.2
            )));
        }
        e.1.push(value);
        e.2 = date + chrono::Duration::days(1);
    }
    Ok(out.into_iter().map(|(k, (s, v, _))| (k, (s, v))).collect())
}

fn score(
    series: &Path,
    horizon: usize,
    origins: usize,
    step: usize,
    out: &Path,
) -> Result<(), ApiError> {
    let all = read(series)?;
    let cal = Calendar::new();
    let mut w = csv::Writer::from_path(out).map_err(|e| err(format!("{}: {e}", out.display())))?;
    let csv_err = |e: csv::Error| err(format!("{}: {e}", out.display()));
    w.write_record([
        "series", "origin", "date", "mean", "lo80", "hi80", "lo95", "hi95", "model",
    ])
    .map_err(csv_err)?;
    let (mut fits, started) = (0usize, Instant::now());
    for (id, (start, values)) in &all {
        for k in 0..origins {
            let Some(origin) = values.len().checked_sub(horizon + k * step) else {
                continue;
            };
            let s = DailySeries {
                start: *start,
                values: values[..origin].to_vec(),
            };
            let o = forecast(&s, &cal, horizon).map_err(|e| err(format!("{id}: {e}")))?;
            fits += 1;
            let origin_day = s.end().to_string();
            match o {
                Outcome::Forecast(f) => {
                    for p in &f.points {
                        w.write_record([
                            id.clone(),
                            origin_day.clone(),
                            p.date.to_string(),
                            p.mean.to_string(),
                            p.lo80.to_string(),
                            p.hi80.to_string(),
                            p.lo95.to_string(),
                            p.hi95.to_string(),
                            f.model.as_str().to_string(),
                        ])
                        .map_err(csv_err)?;
                    }
                }
                Outcome::TooShort(_) => errln!("{id} at {origin_day}: too short"),
            }
        }
    }
    w.flush().map_err(|e| err(e.to_string()))?;
    errln!(
        "scored {fits} forecasts in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn scope(group_by: &[String]) -> ForecastQuery {
    ForecastQuery {
        group_by: group_by.to_vec(),
        filters: Vec::new(),
        metric: ExploreMetric::Billed,
        display_currency: None,
        as_of: None,
        horizon: None,
        rules_version: None,
        apply_shared_costs: false,
    }
}

pub fn with_store(db: &Path, key: &KeySource, a: BenchAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    cl.explore_load()?;
    match a {
        BenchAction::Score { .. } => Ok(()),
        BenchAction::Dump { group_by, out } => {
            let h = cl.forecast_history(&scope(&group_by))?;
            let mut w =
                csv::Writer::from_path(&out).map_err(|e| err(format!("{}: {e}", out.display())))?;
            let csv_err = |e: csv::Error| err(format!("{}: {e}", out.display()));
            w.write_record(["series", "date", "value"])
                .map_err(csv_err)?;
            for s in &h.series {
                let mut id: Vec<&str> = s
                    .groups
                    .iter()
                    .map(|g| g.as_deref().unwrap_or("(none)"))
                    .collect();
                id.push(&s.currency);
                let id = id.join("|");
                for (i, n) in s.nanos.iter().enumerate() {
                    let d = h.start + chrono::Duration::days(i as i64);
                    w.write_record([id.clone(), d.to_string(), exact_amount(*n)])
                        .map_err(csv_err)?;
                }
            }
            w.flush().map_err(|e| err(e.to_string()))
        }
        BenchAction::Speed { group_by, repeat } => {
            let q = scope(&group_by);
            let h = cl.forecast_history(&q)?;
            let started = Instant::now();
            let r = cl.forecast(&q, Locale::En)?;
            let api_ms = started.elapsed().as_secs_f64() * 1000.0;
            let forecast_count = r.series.iter().filter(|s| s.too_short.is_none()).count();
            let cal = Calendar::new();
            let horizon = r.horizon as usize;
            let daily: Vec<DailySeries> = h.series.iter().map(|s| s.daily(h.start)).collect();
            let (mut wall, mut cpu) = (Vec::new(), Vec::new());
            for _ in 0..repeat.max(1) {
                let (one, cpu_before) = (Instant::now(), thread_cpu_ms());
                for s in &daily {
                    forecast(s, &cal, horizon).map_err(|e| err(e.0))?;
                }
                wall.push(one.elapsed().as_secs_f64() * 1000.0);
                cpu.push(thread_cpu_ms().zip(cpu_before).map(|(b, a)| b - a));
            }
            let n = r.series.len().max(1) as f64;
            let cpu: Option<Vec<f64>> = cpu.into_iter().collect();
            let doc = serde_json::json!({
                "series": r.series.len(),
                "forecast": forecast_count,
                "horizon": horizon,
                "history_days": (h.as_of - h.start).num_days(),
                "api_total_ms": api_ms,
                "api_per_series_ms": api_ms / n,
                "passes": wall.len(),
                "one_thread_total_ms": median(&wall),
                "one_thread_per_series_ms": median(&wall) / n,
                "one_thread_pass_ms": wall,
                "one_thread_cpu_per_series_ms": cpu.map(|c| median(&c) / n),
            });
            outln!("{doc}");
            Ok(())
        }
    }
}

fn median(v: &[f64]) -> f64 {
    let mut sorted = v.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// CPU time this thread has run, from the scheduler's own count (Linux), so
/// the figure is the forecast's alone: no process start, no store opening.
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}
