//! Cloud Eye `BatchListMetricData` (`POST
//! /V1.0/{project_id}/batch-query-metric-data`) for `SYS.ECS` `cpu_util`
//! by `instance_id`: daily averages (`period` 86400) of the account's
//! instances; a stopped one reports nothing. Like the API, a query over
//! `metrics × (to − from) / period` > 3000 points starts later.

use chrono::{Datelike, NaiveTime};
use serde_json::{json, Value};

use super::errors::{gateway_error, reply};
use super::{project_region, HuaweiMock};
use crate::{Account, RawRequest, RawResponse, ResourceKind};

const DAY_MS: i64 = 86_400_000;
const MAX_POINTS: i64 = 3000;

/// `/V1.0/{project_id}/batch-query-metric-data` → the project id.
pub(super) fn metrics_project(path: &str) -> Option<&str> {
    path.strip_prefix("/V1.0/")?
        .strip_suffix("/batch-query-metric-data")
        .filter(|p| !p.contains('/'))
}

/// The account's instance `index`'s average CPU percent on day `ordinal`:
/// under 3% for an idle one, 20% to 24% for an oversized one, 15% to 75%
/// otherwise.
pub fn cpu_percent(account: &Account, index: usize, ordinal: i64) -> f64 {
    let i = index as i64;
    account
        .planted_cpu(index, ordinal)
        .unwrap_or_else(|| (150 + (i * 37 + ordinal * 11).rem_euclid(600)) as f64 / 10.0)
}

impl HuaweiMock {
    pub(super) fn metric_data(&self, req: &RawRequest, account: &Account, id: &str) -> RawResponse {
        let invalid = |what: &str| gateway_error(400, "ces.0014", &format!("Invalid {what}."), id);
        let project = metrics_project(&req.path).unwrap_or_default();
        let region = match project_region(account, project, req, "ces") {
            Ok(r) => r,
            Err(msg) => return gateway_error(400, "ces.0014", msg, id),
        };
        let Ok(body) = serde_json::from_slice::<Value>(&req.body) else {
            return invalid("request body");
        };
        let (Some(from), Some(to)) = (
            body.get("from").and_then(Value::as_i64),
            body.get("to").and_then(Value::as_i64),
        ) else {
            return invalid("from or to");
        };
        if body.get("period").and_then(Value::as_str) != Some("86400")
            || body.get("filter").and_then(Value::as_str) != Some("average")
        {
            return invalid("period or filter (this mock serves daily averages)");
        }
        let Some(metrics) = body.get("metrics").and_then(Value::as_array) else {
            return invalid("metrics");
        };
        if metrics.is_empty() || metrics.len() > 500 {
            return invalid("metrics (1 to 500)");
        }
        let span = MAX_POINTS / metrics.len() as i64 * DAY_MS;
        let from = from.max(to - span);
        let mut out = Vec::new();
        for m in metrics {
            let wanted = (
                m.get("namespace").and_then(Value::as_str),
                m.get("metric_name").and_then(Value::as_str),
            );
            if wanted != (Some("SYS.ECS"), Some("cpu_util")) {
                return invalid("metric (this mock serves SYS.ECS cpu_util)");
            }
            let Some(instance) = m
                .get("dimensions")
                .and_then(Value::as_array)
                .and_then(|d| d.first())
                .filter(|d| d.get("name").and_then(Value::as_str) == Some("instance_id"))
                .and_then(|d| d.get("value").and_then(Value::as_str))
            else {
                return invalid("dimensions");
            };
            let found = account.resources.iter().enumerate().find(|(_, r)| {
                r.id == instance
                    && r.kind == ResourceKind::Instance
                    && super::inventory::region_of(&r.region) == region
            });
            let mut points = Vec::new();
            if let Some((index, _)) = found.filter(|(_, r)| r.state == "Running") {
                for day in account.days() {
                    let at = day.and_time(NaiveTime::MIN).and_utc().timestamp() * 1000;
                    if at >= from && at < to {
                        let cpu = cpu_percent(account, index, day.num_days_from_ce() as i64);
                        points.push(json!({ "average": cpu, "timestamp": at }));
                    }
                }
            }
            out.push(json!({
                "namespace": "SYS.ECS",
                "metric_name": "cpu_util",
                "dimensions": [{ "name": "instance_id", "value": instance }],
                "datapoints": points,
                "unit": "%",
            }));
        }
        reply(200, &json!({ "metrics": out }), id)
    }
}
