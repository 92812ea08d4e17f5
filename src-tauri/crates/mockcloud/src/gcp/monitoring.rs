//! Cloud Monitoring `timeSeries.list` of
//! `compute.googleapis.com/instance/cpu/utilization` for the instances a
//! filter names (`resource.labels.instance_id = one_of("1","2")`), daily
//! means from `interval.startTime` to `interval.endTime`, newest point
//! first as Google orders them, one series per running instance, paged by
//! series.

use serde_json::{json, Value};

use super::errors::{error, Api};
use super::export::{instance_id, project_of, zone_of};
use super::field;
use crate::{Account, RawResponse, ResourceKind};

const METRIC: &str = "compute.googleapis.com/instance/cpu/utilization";

/// The daily mean CPU ratio (0–1) of an instance on the day starting at
/// `at`: a planted one's, else a deterministic draw.
pub fn cpu_ratio(account: &Account, index: usize, at: i64) -> f64 {
    if let Some(p) = account.planted_cpu(index, at.div_euclid(86_400)) {
        return p / 100.0;
    }
    let h = (instance_id(index) ^ at.unsigned_abs()).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (5 + h % 90) as f64 / 100.0
}

fn time(text: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.timestamp())
}

fn iso(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The ids of `one_of("1","2")` in a filter that asks for CPU utilisation.
fn ids(filter: &str) -> Option<Vec<String>> {
    if !filter.contains(&format!("metric.type = \"{METRIC}\"")) {
        return None;
    }
    let list = filter
        .split("resource.labels.instance_id = one_of(")
        .nth(1)?;
    let list = list.split(')').next()?;
    Some(
        list.split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .collect(),
    )
}

pub fn time_series(
    project: &str,
    q: &[(String, String)],
    account: &Account,
    page: usize,
) -> RawResponse {
    let Some(wanted) = field(q, "filter").and_then(ids) else {
        return error(
            Api::Monitoring,
            400,
            "INVALID_ARGUMENT",
            "badRequest",
            "The mock serves only compute.googleapis.com/instance/cpu/utilization by instance_id.",
        );
    };
    let (Some(start), Some(end)) = (
        time(field(q, "interval.startTime")),
        time(field(q, "interval.endTime")),
    ) else {
        return error(
            Api::Monitoring,
            400,
            "INVALID_ARGUMENT",
            "badRequest",
            "Field interval.endTime had an invalid value",
        );
    };
    if field(q, "aggregation.alignmentPeriod") != Some("86400s")
        || field(q, "aggregation.perSeriesAligner") != Some("ALIGN_MEAN")
    {
        return error(
            Api::Monitoring,
            400,
            "INVALID_ARGUMENT",
            "badRequest",
            "The mock aligns only daily means (86400s, ALIGN_MEAN).",
        );
    }
    let offset = field(q, "pageToken")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let series: Vec<usize> = (0..account.resources.len())
        .filter(|&i| {
            let r = &account.resources[i];
            r.kind == ResourceKind::Instance
                && r.state == "Running"
                && project_of(i) == project
                && wanted.contains(&instance_id(i).to_string())
        })
        .collect();
    let list: Vec<Value> = series
        .iter()
        .skip(offset)
        .take(page)
        .map(|&i| {
            let r = &account.resources[i];
            let (_, zone, _) = zone_of(&r.region);
            let mut points = Vec::new();
            let mut t = start;
            while t + 86_400 <= end {
                points.push(json!({
                    "interval": {"startTime": iso(t), "endTime": iso(t + 86_400)},
                    "value": {"doubleValue": cpu_ratio(account, i, t)}
                }));
                t += 86_400;
            }
            points.reverse();
            json!({
                "metric": {"type": METRIC, "labels": {"instance_name": r.name}},
                "resource": {"type": "gce_instance", "labels": {"project_id": project, "instance_id": instance_id(i).to_string(), "zone": zone}},
                "metricKind": "GAUGE", "valueType": "DOUBLE", "points": points
            })
        })
        .collect();
    let mut answer = json!({"timeSeries": list, "unit": "10^2.%"});
    if offset + page < series.len() {
        answer["nextPageToken"] = json!((offset + page).to_string());
    }
    RawResponse::json(200, &answer)
}
