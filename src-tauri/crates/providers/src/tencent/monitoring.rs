//! Cloud Monitor `GetMonitorData` (QCE/CVM, CPUUsage, daily period):
//! requests of at most ten instances, answers as parallel `Timestamps` and
//! `Values` arrays per instance.

use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use super::errors::{bad, list, text};
use super::Client;
use crate::{ProviderError, UtilPoint};

const ACTION: &str = "monitor:GetMonitorData";
/// The documented maximum number of instances per request.
pub(super) const BATCH: usize = 10;

impl Client {
    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let mut out = Vec::new();
        if to <= from {
            return Ok(out);
        }
        for batch in instance_ids.chunks(BATCH) {
            let owned = params(batch, from, to);
            let mut params: Vec<(&str, &str)> = vec![("Region", region)];
            params.extend(owned.iter().map(|(k, v)| (*k, v.as_str())));
            let r = self.call_raw(ACTION, &params).await?;
            out.extend(points(&r)?);
        }
        Ok(out)
    }
}

/// The request parameters for `ids` from `from` to `to` (exclusive), days
/// in Beijing time as Cloud Monitor aligns daily points.
fn params(ids: &[String], from: NaiveDate, to: NaiveDate) -> Vec<(&'static str, String)> {
    let instances: Vec<Value> = ids
        .iter()
        .map(|id| json!({"Dimensions": [{"Name": "InstanceId", "Value": id}]}))
        .collect();
    let last = to - Duration::days(1);
    vec![
        ("Namespace", "QCE/CVM".to_string()),
        ("MetricName", "CPUUsage".to_string()),
        ("Period", "86400".to_string()),
        (
            "StartTime",
            format!("{}T00:00:00+08:00", from.format("%Y-%m-%d")),
        ),
        (
            "EndTime",
            format!("{}T23:59:59+08:00", last.format("%Y-%m-%d")),
        ),
        ("Instances", Value::Array(instances).to_string()),
    ]
}

fn points(resp: &Value) -> Result<Vec<UtilPoint>, ProviderError> {
    let mut out = Vec::new();
    for (i, dp) in list(ACTION, resp, "DataPoints")?.iter().enumerate() {
        let path = format!("DataPoints[{i}]");
        let id = list(ACTION, dp, "Dimensions")?
            .iter()
            .find(|d| text(d, "Name") == Some("InstanceId"))
            .and_then(|d| text(d, "Value"))
            .ok_or_else(|| bad(ACTION, &format!("{path}.Dimensions InstanceId")))?;
        let times = list(ACTION, dp, "Timestamps")?;
        let values = list(ACTION, dp, "Values")?;
        if times.len() != values.len() {
            return Err(bad(ACTION, &format!("{path}.Values (one per timestamp)")));
        }
        for (k, (t, v)) in times.iter().zip(values).enumerate() {
            // Timestamps are whole seconds, sent as JSON numbers (sometimes 1.7e9-style floats).
            let at = t
                .as_i64()
                .or_else(|| t.as_f64().map(|f| f as i64))
                .ok_or_else(|| bad(ACTION, &format!("{path}.Timestamps[{k}]")))?;
            // A null value is a gap (the agent did not report that day).
            let Some(cpu) = v.as_f64() else { continue };
            out.push(UtilPoint {
                resource_id: id.to_string(),
                at,
                cpu_percent: cpu,
            });
        }
    }
    Ok(out)
}
