//! `cloudlens anomalies` (list as JSON or CSV, `detect`, `feedback`),
//! `cloudlens monitor add|list|remove`, and the hidden `anomaly-bench`.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use cloudlens_api::{
    AnomalyListQuery, AnomalySeverity, AnomalyStatus, AnomalyView, ApiError, CloudLens, ErrorCode,
    ExploreMetric, FeedbackAction, KeySource, MonitorAlerts, MonitorInput, MonitorScope,
};
use serde::Serialize;

use crate::anomaly_args::{AnomaliesAction, AnomalyCommand, MonitorAction};
use crate::commands::now;
use crate::explore_cmd::{filters, named};

fn invalid(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

fn io(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("stdout: {e}"))
}

/// The documented JSON of one anomaly.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    monitor: &'a str,
    groups: &'a std::collections::BTreeMap<String, Option<String>>,
    currency: &'a str,
    kind: cloudlens_api::AnomalyKind,
    start: &'a str,
    end: &'a str,
    detected_on: &'a str,
    expected: &'a str,
    actual: &'a str,
    impact: &'a str,
    percent: f64,
    severity: cloudlens_api::AnomalySeverity,
    score: f64,
    status: AnomalyStatus,
    root_cause: Vec<Cause<'a>>,
}

#[derive(Serialize)]
struct Cause<'a> {
    dimension: &'a str,
    value: Option<&'a str>,
    impact: &'a str,
    share: f64,
}

fn row(a: &AnomalyView) -> Row<'_> {
    Row {
        id: &a.id,
        monitor: &a.monitor,
        groups: &a.groups,
        currency: &a.currency,
        kind: a.kind,
        start: &a.start,
        end: &a.end,
        detected_on: &a.detected_on,
        expected: &a.expected,
        actual: &a.actual,
        impact: &a.impact,
        percent: a.percent,
        severity: a.severity,
        score: a.score,
        status: a.status,
        root_cause: a
            .root_cause
            .iter()
            .map(|c| Cause {
                dimension: &c.dimension,
                value: c.value.as_deref(),
                impact: &c.impact,
                share: c.share,
            })
            .collect(),
    }
}

fn status(s: &str) -> Result<AnomalyStatus, ApiError> {
    named::<AnomalyStatus>(
        "--status",
        &s.replace('-', "_"),
        "open, acknowledged, expected, not-anomaly or resolved",
    )
}

fn text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn list(cl: &CloudLens, q: &AnomalyListQuery, format: &str) -> Result<(), ApiError> {
    let list = cl.anomalies(q)?;
    let out = crate::out::stdout();
    if format == "json" {
        let rows: Vec<Row> = list.anomalies.iter().map(row).collect();
        let mut out = out;
        let doc = serde_json::json!({ "anomalies": rows });
        return writeln!(out, "{doc}").map_err(io);
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "monitor",
        "groups",
        "currency",
        "kind",
        "start",
        "end",
        "detected_on",
        "expected",
        "actual",
        "impact",
        "percent",
        "severity",
        "score",
        "status",
        "root_cause",
    ])
    .map_err(io)?;
    for a in &list.anomalies {
        let groups: Vec<String> = a
            .groups
            .iter()
            .map(|(d, v)| format!("{d}={}", v.as_deref().unwrap_or("")))
            .collect();
        let cause = a
            .root_cause
            .first()
            .map(|c| {
                format!(
                    "{}={} ({:.0}%)",
                    c.dimension,
                    c.value.as_deref().unwrap_or(""),
                    c.share * 100.0
                )
            })
            .unwrap_or_default();
        w.write_record([
            a.id.clone(),
            a.monitor.clone(),
            groups.join(";"),
            a.currency.clone(),
            text(&a.kind),
            a.start.clone(),
            a.end.clone(),
            a.detected_on.clone(),
            a.expected.clone(),
            a.actual.clone(),
            a.impact.clone(),
            format!("{:.2}", a.percent),
            text(&a.severity),
            format!("{:.2}", a.score),
            text(&a.status),
            cause,
        ])
        .map_err(io)?;
    }
    w.flush().map_err(io)
}

fn actor() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

fn monitor(cl: &CloudLens, action: MonitorAction) -> Result<(), ApiError> {
    match action {
        MonitorAction::Add {
            name,
            group_by,
            filters: include,
            excludes,
            metric,
            min_impact,
            currency,
            min_percent,
            falls,
            no_new_spend,
            alert_channels,
            alert_min_severity,
            alert_min_impact,
        } => {
            let mut f = filters(&include, false, "--filter")?;
            f.extend(filters(&excludes, true, "--exclude")?);
            let m = cl.add_anomaly_monitor(
                &MonitorInput {
                    name,
                    scope: MonitorScope {
                        group_by,
                        filters: f,
                    },
                    metric: named::<ExploreMetric>(
                        "--metric",
                        &metric,
                        "billed, effective, list or contracted",
                    )?,
                    min_impact,
                    impact_currency: currency,
                    min_percent,
                    falls,
                    new_spend: !no_new_spend,
                    muted: false,
                    alerts: MonitorAlerts {
                        channels: alert_channels,
                        min_severity: named::<AnomalySeverity>(
                            "--alert-min-severity",
                            &alert_min_severity,
                            "low, medium or high",
                        )?,
                        min_impact: alert_min_impact,
                    },
                },
                now(),
            )?;
            errln!("added monitor {:?} (id {})", m.monitor.name, m.id);
            Ok(())
        }
        MonitorAction::List { json } => {
            let monitors = cl.anomaly_monitors()?;
            let mut out = crate::out::stdout();
            if json {
                let doc = serde_json::json!({ "monitors": monitors });
                return writeln!(out, "{doc}").map_err(io);
            }
            for m in &monitors {
                let i = &m.monitor;
                let filters: Vec<String> = i
                    .scope
                    .filters
                    .iter()
                    .map(|f| {
                        let vals: Vec<&str> = f
                            .values
                            .iter()
                            .map(|v| v.as_deref().unwrap_or(""))
                            .collect();
                        format!(
                            "{}{}={}",
                            if f.exclude { "!" } else { "" },
                            f.dimension,
                            vals.join("|")
                        )
                    })
                    .collect();
                writeln!(
                    out,
                    "{:<24} group by [{}] filters [{}] {} ≥ {} {} and ≥ {}%{}{}{}",
                    i.name,
                    i.scope.group_by.join(","),
                    filters.join(" "),
                    text(&i.metric),
                    i.min_impact,
                    i.impact_currency,
                    i.min_percent,
                    if i.falls { ", falls" } else { "" },
                    if i.muted { ", muted" } else { "" },
                    if m.builtin { ", default" } else { "" },
                )
                .map_err(io)?;
            }
            Ok(())
        }
        MonitorAction::Remove { name } => {
            cl.remove_anomaly_monitor(&name)?;
            errln!("removed monitor {name:?} and its anomalies");
            Ok(())
        }
    }
}

pub fn run(db: &Path, key: &KeySource, cmd: AnomalyCommand) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    match cmd {
        AnomalyCommand::Anomalies {
            action: Some(AnomaliesAction::Detect { from, to }),
            ..
        } => {
            let started = Instant::now();
            let s = cl.detect_anomalies(from.as_deref(), to.as_deref(), now())?;
            errln!(
                "judged {} series of {} monitors ({} to {}): {} new, {} updated, {} withdrawn in {:.2} s",
                s.series,
                s.monitors,
                s.from.as_deref().unwrap_or("-"),
                s.to.as_deref().unwrap_or("-"),
                s.found,
                s.updated,
                s.withdrawn,
                started.elapsed().as_secs_f64()
            );
            let mut out = crate::out::stdout();
            writeln!(out, "{}", serde_json::to_string(&s).map_err(io)?).map_err(io)
        }
        AnomalyCommand::Anomalies {
            action: Some(AnomaliesAction::Feedback { id, verdict, note }),
            ..
        } => {
            let action = match verdict.as_str() {
                "expected" => FeedbackAction::Expected,
                "not-anomaly" => FeedbackAction::NotAnomaly,
                "ack" => FeedbackAction::Acknowledge,
                "resolved" => FeedbackAction::Resolve,
                other => {
                    return Err(invalid(format!(
                        "verdict: expected expected, not-anomaly, ack or resolved, got {other:?}"
                    )))
                }
            };
            let r = cl.anomaly_feedback(&id, action, note.as_deref(), &actor(), now())?;
            let mut out = crate::out::stdout();
            writeln!(out, "{}", serde_json::to_string(&r).map_err(io)?).map_err(io)
        }
        AnomalyCommand::Anomalies {
            action: None,
            monitors,
            from,
            to,
            statuses,
            format,
        } => {
            if format != "json" && format != "csv" {
                return Err(invalid(format!(
                    "--format: expected json or csv, got {format:?}"
                )));
            }
            let q = AnomalyListQuery {
                monitors,
                from,
                to,
                statuses: statuses
                    .iter()
                    .map(|s| status(s))
                    .collect::<Result<_, _>>()?,
                severities: Vec::new(),
                providers: Vec::new(),
                include_withdrawn: false,
                display_currency: None,
            };
            list(&cl, &q, &format)
        }
        AnomalyCommand::Monitor { action } => monitor(&cl, action),
        AnomalyCommand::AnomalyBench { .. } => Ok(()),
    }
}

/// The labelled benchmark: figures on the held-out seeds, and on the
/// tuning seeds for reference.
pub fn bench(tune_seeds: &[u64], seeds: &[u64]) -> Result<(), ApiError> {
    use cloudlens_anomaly::{bench, Params, Thresholds};
    let mut out = crate::out::stdout();
    for (title, s) in [
        ("tuning seeds (reference only)", tune_seeds),
        ("held-out seeds", seeds),
    ] {
        let started = Instant::now();
        let report = bench::run(s, Params::default(), Thresholds::default());
        writeln!(
            out,
            "== {title} ({:.1} s)\n{}\n",
            started.elapsed().as_secs_f64(),
            report.table()
        )
        .map_err(io)?;
    }
    Ok(())
}
