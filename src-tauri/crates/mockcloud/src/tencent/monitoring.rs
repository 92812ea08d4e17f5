//! Cloud Monitor `GetMonitorData` (QCE/CVM CPUUsage, daily): points at
//! Beijing midnights, for at most ten instances a request.

use chrono::DateTime;
use serde_json::{json, Value};

use super::errors::{error, ok};
use super::inventory::{region, resource_id, running};
use crate::{Account, RawResponse, ResourceKind};

/// Daily CPU averages at Beijing midnights from `StartTime` to `EndTime`
/// (inclusive), for at most ten instances; stopped instances report nothing.
pub fn monitor_data(region_id: &str, body: &Value, account: &Account) -> RawResponse {
    let text = |k: &str| body.get(k).and_then(Value::as_str);
    if text("Namespace") != Some("QCE/CVM") || text("MetricName") != Some("CPUUsage") {
        return error("InvalidParameterValue", "Only QCE/CVM CPUUsage is mocked.");
    }
    let Some(period) = body
        .get("Period")
        .and_then(Value::as_i64)
        .filter(|p| *p == 86_400)
    else {
        return error("InvalidParameterValue", "Only Period 86400 is mocked.");
    };
    let time = |k: &str| {
        text(k)
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp())
    };
    let (Some(start), Some(end)) = (time("StartTime"), time("EndTime")) else {
        return error(
            "InvalidParameterValue",
            "StartTime and EndTime must be ISO 8601 with an offset.",
        );
    };
    let instances = body
        .get("Instances")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if instances.is_empty() || instances.len() > 10 {
        return error(
            "InvalidParameterValue",
            "Instances must list 1 to 10 instances.",
        );
    }
    let first = (start + 8 * 3600 + 86_399).div_euclid(86_400) * 86_400 - 8 * 3600;
    let mut points = Vec::new();
    for inst in &instances {
        let id = inst["Dimensions"]
            .as_array()
            .and_then(|d| d.iter().find(|x| x["Name"] == "InstanceId"))
            .and_then(|x| x["Value"].as_str())
            .unwrap_or("")
            .to_string();
        let live = account.resources.iter().position(|r| {
            r.kind == ResourceKind::Instance
                && resource_id(r) == id
                && region(&r.region) == region_id
                && running(r)
        });
        let mut ts = Vec::new();
        let mut values = Vec::new();
        let mut t = first;
        while let Some(index) = live.filter(|_| t <= end) {
            // The Beijing day the point stands for, as a day of the era.
            let ordinal = (t + 8 * 3600).div_euclid(86_400) + 719_163;
            let cpu = account
                .planted_cpu(index, ordinal)
                .unwrap_or_else(|| cpu_percent(&id, t));
            ts.push(json!(t));
            values.push(json!(cpu));
            t += period;
        }
        points.push(json!({
            "Dimensions": [{"Name": "InstanceId", "Value": id}],
            "Timestamps": ts,
            "Values": values,
        }));
    }
    ok(json!({
        "Period": period,
        "MetricName": "CPUUsage",
        "DataPoints": points,
        "StartTime": text("StartTime"),
        "EndTime": text("EndTime"),
        "Msg": "",
    }))
}

/// The daily average CPU percent the mock reports for an instance on the
/// day starting at `at` (two decimals, deterministic); planted idle and
/// oversized instances report [`Account::planted_cpu`] instead.
pub fn cpu_percent(instance_id: &str, at: i64) -> f64 {
    let h = instance_id.bytes().fold(at.unsigned_abs(), |h, b| {
        h.wrapping_mul(31).wrapping_add(b as u64)
    });
    (100 + h % 8_900) as f64 / 100.0
}
