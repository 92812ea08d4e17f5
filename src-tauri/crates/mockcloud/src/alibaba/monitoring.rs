//! CloudMonitor 2019-01-01 `DescribeMetricList` for `acs_ecs_dashboard`
//! `CPUUtilization`: `Datapoints` is a JSON list encoded as a string.

use chrono::{Datelike, NaiveTime};
use serde_json::{json, Value};

use super::errors::{bad_param, ok_body};
use super::{Params, Reply, ResourceKind};
use crate::Account;

/// The account's instance `index`'s average CPU on day `ordinal`, in tenths
/// of a percent: deterministic, varied, never zero (planted idle and
/// oversized instances report [`Account::planted_cpu`] instead).
pub fn cpu_tenths(index: usize, ordinal: i64) -> i64 {
    20 + (index as i64 * 37 + ordinal * 11).rem_euclid(800)
}

pub(super) fn describe_metric_list(p: &Params, account: &Account, page_size: usize) -> Reply {
    if p.get("Namespace").map(String::as_str) != Some("acs_ecs_dashboard")
        || p.get("MetricName").map(String::as_str) != Some("CPUUtilization")
    {
        return bad_param(
            "InvalidParameter",
            "Only acs_ecs_dashboard CPUUtilization is served.",
        );
    }
    let ms = |name: &str| p.get(name).and_then(|v| v.parse::<i64>().ok());
    let (Some(start), Some(end)) = (ms("StartTime"), ms("EndTime")) else {
        return bad_param(
            "InvalidParameter",
            "StartTime and EndTime are milliseconds since the epoch.",
        );
    };
    if p.get("Period").map(String::as_str) != Some("86400") {
        return bad_param(
            "InvalidParameter",
            "This mock serves the daily Period (86400) only.",
        );
    }
    let wanted: Vec<String> = match p
        .get("Dimensions")
        .map(|d| serde_json::from_str::<Value>(d))
    {
        Some(Ok(Value::Array(list))) => list
            .iter()
            .filter_map(|d| {
                d.get("instanceId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect(),
        _ => {
            return bad_param(
                "InvalidParameter",
                "Dimensions must be a JSON list of {\"instanceId\": ...}.",
            )
        }
    };
    let mut points = Vec::new();
    for id in &wanted {
        let Some((index, r)) = account
            .resources
            .iter()
            .enumerate()
            .find(|(_, r)| &r.id == id && r.kind == ResourceKind::Instance)
        else {
            continue;
        };
        // A stopped instance reports nothing.
        if r.state != "Running" {
            continue;
        }
        for day in account.days() {
            let at = day.and_time(NaiveTime::MIN).and_utc().timestamp() * 1000;
            if at < start || at >= end {
                continue;
            }
            let ordinal = day.num_days_from_ce() as i64;
            let tenths = account
                .planted_cpu(index, ordinal)
                .map_or_else(|| cpu_tenths(index, ordinal), |c| (c * 10.0).round() as i64);
            let avg = serde_json::from_str::<Value>(&format!("{}.{}", tenths / 10, tenths % 10))
                .unwrap_or(Value::Null);
            points.push(json!({
                "timestamp": at,
                "userId": account.billing_account,
                "instanceId": id,
                "Average": avg,
                "Maximum": (tenths / 10 + 20).min(100),
                "Minimum": tenths / 20,
            }));
        }
    }
    let length = p
        .get("Length")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(1000)
        .clamp(1, 1440)
        .min(page_size.max(1));
    let from = match p.get("NextToken").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => match t.parse::<usize>() {
            Ok(o) => o,
            Err(_) => {
                return bad_param(
                    "InvalidParameter.NextToken",
                    "The specified NextToken is invalid.",
                )
            }
        },
    };
    let to = (from + length).min(points.len());
    let page = points.get(from.min(to)..to).unwrap_or_default();
    let mut body = json!({
        "Code": "200",
        "Success": true,
        "Period": "86400",
        "Datapoints": Value::Array(page.to_vec()).to_string(),
    });
    if to < points.len() {
        if let Value::Object(o) = &mut body {
            o.insert("NextToken".into(), json!(to.to_string()));
        }
    }
    ok_body(body)
}
