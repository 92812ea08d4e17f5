//! `cloudlens explore`: explorer queries for automation (JSON or CSV on
//! stdout), and `explore-bench`, the timed fixed queries `.ci/bench-explore`
//! runs side by side with DuckDB.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use cloudlens_api::{
    ApiError, DimensionFilter, ErrorCode, ExploreMetric, ExploreQuery, Granularity, KeySource,
};

#[derive(clap::Args)]
pub struct ExploreArgs {
    /// One or two dimensions: provider, billing_account, sub_account, service, service_category,
    /// region, resource, charge_category, pricing_category, commitment_discount, tag:KEY, vtag:NAME.
    #[arg(long, value_delimiter = ',')]
    pub group_by: Vec<String>,
    /// Keep lines whose DIM is VALUE (repeat; values of one dimension are alternatives; empty = none).
    #[arg(long = "filter", value_name = "DIM=VALUE")]
    pub filters: Vec<String>,
    /// Drop lines whose DIM is VALUE (repeat).
    #[arg(long = "exclude", value_name = "DIM=VALUE")]
    pub excludes: Vec<String>,
    /// First charge day included (YYYY-MM-DD).
    #[arg(long)]
    pub from: String,
    /// First charge day excluded (YYYY-MM-DD).
    #[arg(long)]
    pub to: String,
    /// day, week or month.
    #[arg(long, default_value = "month")]
    pub granularity: String,
    /// billed, effective, list, contracted or usage.
    #[arg(long, default_value = "billed")]
    pub metric: String,
    /// Convert into this currency with the store's exchange rates.
    #[arg(long)]
    pub currency: Option<String>,
    /// json or csv.
    #[arg(long, default_value = "json")]
    pub format: String,
    /// Print the query's own time (not the snapshot load) to stderr.
    #[arg(long)]
    pub timing: bool,
    /// Count days and months in this time zone (IANA name such as Asia/Shanghai or UTC) instead
    /// of the store's setting.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Only these charge types: usage, purchase, tax, credit, adjustment (refunds and
    /// corrections); default all.
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub charge_types: Vec<String>,
    /// Spread charges covering several days (monthly subscriptions, support, taxes) over those
    /// days, to the cent.
    #[arg(long)]
    pub spread_periods: bool,
}

fn invalid(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

/// `DIM=VALUE` options, merged per dimension (values of one dimension are
/// alternatives); an empty value selects untagged / none.
pub(crate) fn filters(
    opts: &[String],
    exclude: bool,
    flag: &str,
) -> Result<Vec<DimensionFilter>, ApiError> {
    let mut by_dim: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
    for o in opts {
        let (dim, value) = o
            .split_once('=')
            .ok_or_else(|| invalid(format!("{flag} {o:?}: expected DIM=VALUE")))?;
        let v = (!value.is_empty()).then(|| value.to_string());
        by_dim.entry(dim.to_string()).or_default().push(v);
    }
    Ok(by_dim
        .into_iter()
        .map(|(dimension, values)| DimensionFilter {
            dimension,
            values,
            exclude,
        })
        .collect())
}

pub(crate) fn named<T: serde::de::DeserializeOwned>(
    flag: &str,
    v: &str,
    expected: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(v.to_string()))
        .map_err(|_| invalid(format!("{flag}: expected {expected}, got {v:?}")))
}

/// `--charge-types usage,tax`: the same filter the app's charge-type
/// toggles set, on the `charge_type` dimension.
fn charge_types(names: &[String]) -> Result<Option<DimensionFilter>, ApiError> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut values = Vec::new();
    for n in names {
        let n = n.trim().to_ascii_lowercase();
        let known = cloudlens_api::CHARGE_TYPES.contains(&n.as_str());
        if !known {
            return Err(invalid(format!(
                "--charge-types: expected some of {}, got {n:?}",
                cloudlens_api::CHARGE_TYPES.join(", ")
            )));
        }
        values.push(Some(n));
    }
    Ok(Some(DimensionFilter {
        dimension: cloudlens_api::CHARGE_TYPE.to_string(),
        values,
        exclude: false,
    }))
}

pub fn query(a: &ExploreArgs) -> Result<ExploreQuery, ApiError> {
    let mut f = filters(&a.filters, false, "--filter")?;
    f.extend(filters(&a.excludes, true, "--exclude")?);
    f.extend(charge_types(&a.charge_types)?);
    let format_ok = a.format == "json" || a.format == "csv";
    if !format_ok {
        return Err(invalid(format!(
            "--format: expected json or csv, got {:?}",
            a.format
        )));
    }
    Ok(ExploreQuery {
        group_by: a.group_by.clone(),
        filters: f,
        from: a.from.clone(),
        to: a.to.clone(),
        granularity: named::<Granularity>("--granularity", &a.granularity, "day, week or month")?,
        metric: named::<ExploreMetric>(
            "--metric",
            &a.metric,
            "billed, effective, list, contracted or usage",
        )?,
        display_currency: a.currency.clone(),
        rules_version: None,
        apply_shared_costs: true,
        spread_periods: a.spread_periods,
        limit: 0,
    })
}

pub fn run(db: &std::path::Path, key: &KeySource, a: ExploreArgs) -> Result<(), ApiError> {
    let q = query(&a)?;
    let cl = crate::lens::open(db, key)?;
    if let Some(zone) = &a.time_zone {
        cl.use_day_zone(zone)?;
    }
    cl.explore_load()?;
    let (result, elapsed) = cl.explore_rows(&q)?;
    let mut out = crate::out::stdout();
    let io = |e: std::io::Error| ApiError::new(ErrorCode::Storage, format!("stdout: {e}"));
    if a.format == "json" {
        let rows: Vec<serde_json::Value> = result
            .rows
            .iter()
            .map(|r| {
                let groups: serde_json::Map<String, serde_json::Value> = q
                    .group_by
                    .iter()
                    .zip(&r.groups)
                    .map(|(d, v)| {
                        (
                            d.clone(),
                            v.clone()
                                .map(serde_json::Value::String)
                                .unwrap_or(serde_json::Value::Null),
                        )
                    })
                    .collect();
                serde_json::json!({
                    "period": r.period,
                    "groups": groups,
                    "amount": r.amount,
                    "currency": r.currency,
                })
            })
            .collect();
        let doc = serde_json::json!({ "rows": rows });
        writeln!(out, "{doc}").map_err(io)?;
        for m in &result.missing_rates {
            errln!(
                "missing rate {} {}→{}: {} {} left out",
                m.date,
                m.from,
                m.to,
                m.amount,
                m.from
            );
        }
    } else {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["period".to_string()];
        header.extend(q.group_by.iter().cloned());
        header.extend(["amount".to_string(), "currency".to_string()]);
        w.write_record(&header)
            .map_err(|e| invalid(e.to_string()))?;
        for r in &result.rows {
            let mut row = vec![r.period.clone()];
            row.extend(r.groups.iter().map(|g| g.clone().unwrap_or_default()));
            row.push(r.amount.clone());
            row.push(r.currency.clone());
            w.write_record(&row).map_err(|e| invalid(e.to_string()))?;
        }
        w.flush().map_err(io)?;
    }
    if a.timing {
        errln!("query: {:.3} ms", elapsed.as_secs_f64() * 1000.0);
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times the benchmark's fixed queries `runs` times each after one warm-up;
/// prints one JSON document with the figures and each query's parameters,
/// and writes the lines flat to `flat` (CSV) for the DuckDB side.
pub fn bench(
    db: &std::path::Path,
    key: &KeySource,
    runs: usize,
    tag: &str,
    flat: Option<&std::path::Path>,
) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let started = Instant::now();
    let facts = cl.explore_load()?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let Some((_, last)) = facts.days else {
        return Err(invalid("the store has no lines".into()));
    };
    let end = last.succ_opt().unwrap_or(last);
    let d = |n: i64| last - chrono::Duration::days(n);
    use chrono::Datelike;
    let month_start = last.with_day(1).unwrap_or(last);
    let prev_month = (month_start - chrono::Duration::days(1))
        .with_day(1)
        .unwrap_or(month_start);
    let year_start = {
        let mut m = month_start;
        for _ in 0..11 {
            m = (m - chrono::Duration::days(1)).with_day(1).unwrap_or(m);
        }
        m
    };
    // The two services with the most lines, for the filtered query.
    let mut services: Vec<(String, usize)> = facts.combinations_per_service.into_iter().collect();
    services.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let two: Vec<String> = services.iter().take(2).map(|s| s.0.clone()).collect();
    let base = |group: &[&str], from: chrono::NaiveDate, to: chrono::NaiveDate, g: Granularity| {
        ExploreQuery {
            group_by: group.iter().map(|s| s.to_string()).collect(),
            filters: Vec::new(),
            from: from.to_string(),
            to: to.to_string(),
            granularity: g,
            metric: ExploreMetric::Billed,
            display_currency: None,
            rules_version: None,
            apply_shared_costs: false,
            spread_periods: false,
            limit: 0,
        }
    };
    let tag_dim = format!("tag:{tag}");
    let mut queries: Vec<(&str, ExploreQuery, bool)> = vec![
        (
            "service_by_day_90d",
            base(&["service"], d(89), end, Granularity::Day),
            false,
        ),
        (
            "tag_by_month_12m",
            base(&[tag_dim.as_str()], year_start, end, Granularity::Month),
            false,
        ),
        (
            "top50_resources_last_month",
            {
                let mut q = base(&["resource"], prev_month, month_start, Granularity::Month);
                q.limit = 50;
                q
            },
            false,
        ),
        (
            "account_two_services_12m",
            {
                let mut q = base(&["billing_account"], year_start, end, Granularity::Month);
                q.filters.push(DimensionFilter {
                    dimension: "service".into(),
                    values: two.iter().cloned().map(Some).collect(),
                    exclude: false,
                });
                q
            },
            false,
        ),
        (
            "compare_service_30d",
            base(&["service"], d(29), end, Granularity::Month),
            true,
        ),
    ];
    let mut results = Vec::new();
    for (name, q, compare) in queries.drain(..) {
        let mut times = Vec::with_capacity(runs);
        let mut rows = 0usize;
        for i in 0..=runs {
            let t = Instant::now();
            if compare {
                rows = cl.explore_compare(&q)?.rows.len();
            } else {
                rows = cl.explore_rows(&q)?.0.rows.len();
            }
            if i > 0 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        results.push(serde_json::json!({
            "name": name,
            "from": q.from, "to": q.to,
            "p50_ms": percentile(&times, 0.5),
            "p95_ms": percentile(&times, 0.95),
            "rows": rows,
        }));
    }
    if let Some(path) = flat {
        let mut w = csv::Writer::from_path(path)
            .map_err(|e| invalid(format!("{}: {e}", path.display())))?;
        cl.explore_write_flat(tag, &mut |row| {
            w.write_record(&row).map_err(|e| e.to_string())
        })?;
        w.flush().map_err(|e| invalid(e.to_string()))?;
    }
    let doc = serde_json::json!({
        "lines": facts.lines,
        "load_ms": load_ms,
        "tag": tag,
        "services": two,
        "queries": results,
    });
    outln!("{doc}");
    Ok(())
}
