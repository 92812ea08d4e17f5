//! `cloudlens forecast`: daily forecasts of an explorer scope with 80% and
//! 95% intervals, month- and quarter-end projections and each series'
//! backtest, as JSON or CSV.

use std::io::Write;

use cloudlens_api::{
    ApiError, ErrorCode, ExploreMetric, ForecastQuery, KeySource, Locale, PeriodProjection,
    SeriesForecast,
};
use serde_json::{json, Value};

use crate::explore_cmd::{filters, named};

#[derive(clap::Args)]
pub struct ForecastArgs {
    /// One or two dimensions (as for explore); none gives one series per currency.
    #[arg(long, value_delimiter = ',')]
    pub group_by: Vec<String>,
    /// Keep lines whose DIM is VALUE (repeat; values of one dimension are alternatives; empty = none).
    #[arg(long = "filter", value_name = "DIM=VALUE")]
    pub filters: Vec<String>,
    /// Drop lines whose DIM is VALUE (repeat).
    #[arg(long = "exclude", value_name = "DIM=VALUE")]
    pub excludes: Vec<String>,
    /// billed or effective.
    #[arg(long, default_value = "billed")]
    pub metric: String,
    /// Convert into this currency with the store's exchange rates.
    #[arg(long)]
    pub currency: Option<String>,
    /// Forecast as made at the start of this day (YYYY-MM-DD), from lines charged before it;
    /// default: the day after the last charge day.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Days to forecast (1-366); default: to the end of the next month.
    #[arg(long)]
    pub horizon: Option<u32>,
    /// json or csv.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Print the time spent to stderr.
    #[arg(long)]
    pub timing: bool,
}

fn invalid(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

pub fn query(a: &ForecastArgs) -> Result<ForecastQuery, ApiError> {
    let mut f = filters(&a.filters, false, "--filter")?;
    f.extend(filters(&a.excludes, true, "--exclude")?);
    if a.format != "json" && a.format != "csv" {
        return Err(invalid(format!(
            "--format: expected json or csv, got {:?}",
            a.format
        )));
    }
    let metric = named::<ExploreMetric>("--metric", &a.metric, "billed or effective")?;
    if !matches!(metric, ExploreMetric::Billed | ExploreMetric::Effective) {
        return Err(invalid(format!(
            "--metric: expected billed or effective, got {:?}",
            a.metric
        )));
    }
    Ok(ForecastQuery {
        group_by: a.group_by.clone(),
        filters: f,
        metric,
        display_currency: a.currency.clone(),
        as_of: a.as_of.clone(),
        horizon: a.horizon,
        rules_version: None,
        apply_shared_costs: true,
    })
}

fn period(p: &Option<PeriodProjection>, key: &str) -> Value {
    match p {
        Some(p) => json!({
            key: p.period,
            "actual_to_date": p.actual_to_date,
            "mean": p.mean,
            "lo80": p.lo80,
            "hi80": p.hi80,
        }),
        None => Value::Null,
    }
}

fn series_json(dims: &[String], s: &SeriesForecast) -> Value {
    let groups: serde_json::Map<String, Value> = dims
        .iter()
        .zip(&s.groups)
        .map(|(d, v)| {
            (
                d.clone(),
                v.clone().map(Value::String).unwrap_or(Value::Null),
            )
        })
        .collect();
    let points: Vec<Value> = s
        .points
        .iter()
        .map(|p| {
            json!({"date": p.date, "mean": p.mean, "lo80": p.lo80, "hi80": p.hi80,
                   "lo95": p.lo95, "hi95": p.hi95})
        })
        .collect();
    let backtest = match &s.backtest {
        Some(b) => json!({"mase": b.mase, "smape": b.smape, "coverage80": b.coverage80,
                          "windows": b.windows}),
        None => Value::Null,
    };
    let mut v = json!({
        "groups": groups,
        "currency": s.currency,
        "history_days": s.history_days,
        "model": s.model,
        "points": points,
        "month_end": period(&s.month_end, "month"),
        "quarter_end": period(&s.quarter_end, "quarter"),
        "backtest": backtest,
    });
    if let (Some(reason), Some(o)) = (&s.too_short, v.as_object_mut()) {
        o.insert("reason".into(), Value::String(reason.clone()));
    }
    v
}

pub fn run(db: &std::path::Path, key: &KeySource, a: ForecastArgs) -> Result<(), ApiError> {
    let q = query(&a)?;
    let cl = crate::lens::open(db, key)?;
    cl.explore_load()?;
    let r = cl.forecast(&q, Locale::En)?;
    let io = |e: std::io::Error| ApiError::new(ErrorCode::Storage, format!("stdout: {e}"));
    let mut out = crate::out::stdout();
    if a.format == "json" {
        let series: Vec<Value> = r
            .series
            .iter()
            .map(|s| series_json(&q.group_by, s))
            .collect();
        writeln!(out, "{}", json!({"as_of": r.as_of, "series": series})).map_err(io)?;
    } else {
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = q.group_by.clone();
        header.extend(
            [
                "currency", "model", "date", "mean", "lo80", "hi80", "lo95", "hi95",
            ]
            .map(String::from),
        );
        w.write_record(&header)
            .map_err(|e| invalid(e.to_string()))?;
        for s in &r.series {
            for p in &s.points {
                let mut row: Vec<String> = s
                    .groups
                    .iter()
                    .map(|g| g.clone().unwrap_or_default())
                    .collect();
                row.extend([
                    s.currency.clone(),
                    s.model.clone(),
                    p.date.clone(),
                    p.mean.clone(),
                    p.lo80.clone(),
                    p.hi80.clone(),
                    p.lo95.clone(),
                    p.hi95.clone(),
                ]);
                w.write_record(&row).map_err(|e| invalid(e.to_string()))?;
            }
        }
        w.flush().map_err(io)?;
    }
    for s in &r.series {
        if let Some(reason) = &s.too_short {
            let g: Vec<&str> = s
                .groups
                .iter()
                .map(|g| g.as_deref().unwrap_or("(none)"))
                .collect();
            errln!("{} {}: {reason}", g.join("/"), s.currency);
        }
    }
    if a.timing {
        let n = r.series.len().max(1);
        errln!(
            "forecast: {} series in {} ms ({:.2} ms per series, with backtests)",
            r.series.len(),
            r.elapsed_ms,
            f64::from(r.elapsed_ms) / n as f64
        );
    }
    Ok(())
}
