//! CloudWatch `GetMetricData` (query protocol): each
//! `MetricDataQueries.member.N` asking for `AWS/EC2` `CPUUtilization` of one
//! instance gets its daily averages from `StartTime` to `EndTime` (only
//! days the instance runs), in the order asked.

use chrono::Datelike;

use super::errors::{error, query_ok, Shape};
use super::inventory::{region, resource_id};
use crate::{Account, RawResponse, ResourceKind};

const NS: &str = "http://monitoring.amazonaws.com/doc/2010-08-01/";
/// Queries a request may hold.
const MAX_QUERIES: usize = 500;

/// The daily average CPU percent the mock reports for an instance that is
/// neither idle nor oversized on the day starting at `at` (two decimals,
/// deterministic).
pub fn cpu_percent(instance_id: &str, at: i64) -> f64 {
    let h = instance_id
        .bytes()
        .fold(at.unsigned_abs() ^ 0x5bd1, |h, b| {
            h.wrapping_mul(131).wrapping_add(u64::from(b))
        });
    (50 + h % 9_500) as f64 / 100.0
}

fn time(text: Option<&str>) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.timestamp())
}

pub fn metric_data(form: &[(String, String)], aws_region: &str, account: &Account) -> RawResponse {
    let field = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let (Some(start), Some(end)) = (time(field("StartTime")), time(field("EndTime"))) else {
        return error(
            Shape::Query,
            400,
            "ValidationError",
            "StartTime and EndTime are required ISO 8601 times.",
        );
    };
    let mut members = String::new();
    for n in 1..=MAX_QUERIES + 1 {
        let m = format!("MetricDataQueries.member.{n}");
        let Some(id) = field(&format!("{m}.Id")) else {
            break;
        };
        if n > MAX_QUERIES {
            return error(
                Shape::Query,
                400,
                "ValidationError",
                "At most 500 metric data queries per request.",
            );
        }
        let metric = |k: &str| field(&format!("{m}.MetricStat.{k}"));
        if metric("Metric.Namespace") != Some("AWS/EC2")
            || metric("Metric.MetricName") != Some("CPUUtilization")
        {
            return error(
                Shape::Query,
                400,
                "ValidationError",
                "Only AWS/EC2 CPUUtilization is mocked.",
            );
        }
        let period: i64 = metric("Period")
            .and_then(|p| p.parse().ok())
            .unwrap_or(86_400)
            .max(60);
        let instance = metric("Metric.Dimensions.member.1.Value").unwrap_or_default();
        let found = account.resources.iter().position(|r| {
            r.kind == ResourceKind::Instance
                && resource_id(r) == instance
                && region(&r.region) == aws_region
        });
        let running = found.is_some_and(|i| account.resources[i].state == "Running");
        let (mut times, mut values) = (String::new(), String::new());
        let mut t = start;
        while running && t < end {
            let at = chrono::DateTime::from_timestamp(t, 0)
                .map(|x| x.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_default();
            times.push_str(&format!("<member>{at}</member>"));
            // Idle and oversized instances report what was planted in them.
            let day = chrono::DateTime::from_timestamp(t, 0)
                .map_or(0, |x| i64::from(x.date_naive().num_days_from_ce()));
            let cpu = found
                .and_then(|i| account.planted_cpu(i, day))
                .unwrap_or_else(|| cpu_percent(instance, t));
            values.push_str(&format!("<member>{cpu}</member>"));
            t += period;
        }
        members.push_str(&format!(
            "<member><Id>{id}</Id><Label>CPUUtilization</Label><Timestamps>{times}</Timestamps><Values>{values}</Values><StatusCode>Complete</StatusCode></member>"
        ));
    }
    query_ok(
        "GetMetricData",
        NS,
        &format!("<MetricDataResults>{members}</MetricDataResults><Messages/>"),
    )
}
