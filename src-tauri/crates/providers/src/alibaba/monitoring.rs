//! CloudMonitor CPU utilisation: `DescribeMetricList` of
//! `acs_ecs_dashboard` `CPUUtilization`, daily, for up to 50 instances a
//! request; `Datapoints` is a JSON list encoded as a string inside the JSON
//! answer.

use chrono::{Duration, NaiveDate, NaiveTime};
use serde_json::Value;

use super::errors::{member, scalar_text};
use super::Client;
use crate::{ErrorKind, ProviderError, UtilPoint};

/// Instances per CloudMonitor query: the documented maximum of one
/// `DescribeMetricList` request.
pub(super) const METRIC_INSTANCES: usize = 50;

impl Client {
    /// Daily averages of `acs_ecs_dashboard` `CPUUtilization`.
    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let ms =
            |d: NaiveDate| (d.and_time(NaiveTime::MIN).and_utc().timestamp() * 1000).to_string();
        let (start, end) = (ms(from), ms(to));
        let period = Duration::days(1).num_seconds().to_string();
        let mut out = Vec::new();
        for chunk in instance_ids.chunks(METRIC_INSTANCES) {
            let dims: Vec<serde_json::Value> = chunk
                .iter()
                .map(|id| serde_json::json!({ "instanceId": id }))
                .collect();
            let dims = serde_json::Value::Array(dims).to_string();
            let mut cursor: Option<String> = None;
            loop {
                let mut params = vec![
                    ("RegionId", region),
                    ("Namespace", "acs_ecs_dashboard"),
                    ("MetricName", "CPUUtilization"),
                    ("Period", period.as_str()),
                    ("StartTime", start.as_str()),
                    ("EndTime", end.as_str()),
                    ("Dimensions", dims.as_str()),
                    ("Length", "1000"),
                ];
                if let Some(c) = &cursor {
                    params.push(("NextToken", c));
                }
                let body = self.call_raw("CMS:DescribeMetricList", &params).await?;
                out.extend(points(&body)?);
                cursor = body
                    .get("NextToken")
                    .and_then(scalar_text)
                    .filter(|t| !t.is_empty());
                if cursor.is_none() {
                    break;
                }
            }
        }
        Ok(out)
    }
}

fn points(body: &Value) -> Result<Vec<UtilPoint>, ProviderError> {
    const ACTION: &str = "DescribeMetricList";
    let bad = |what: String| ProviderError::new(ErrorKind::BadResponse, format!("{ACTION} {what}"));
    let list: Vec<Value> = match member(body, ACTION, &["Datapoints"])? {
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::String(s) => serde_json::from_str(s).map_err(|e| {
            bad(format!(
                "answered with Datapoints that are not a JSON list: {e}"
            ))
        })?,
        Value::Array(a) => a.clone(),
        Value::Null => Vec::new(),
        _ => return Err(bad("answered with Datapoints of an unknown shape".into())),
    };
    list.iter()
        .map(|p| {
            let id = p
                .get("instanceId")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("answered with a datapoint without instanceId".into()))?;
            let ms = p.get("timestamp").and_then(Value::as_i64).ok_or_else(|| {
                bad(format!(
                    "answered with a datapoint of {id} without timestamp"
                ))
            })?;
            // A percentage, not money: f64 is the right type.
            let cpu = p
                .get("Average")
                .and_then(Value::as_f64)
                .ok_or_else(|| bad(format!("answered with a datapoint of {id} without Average")))?;
            Ok(UtilPoint {
                resource_id: id.to_string(),
                at: ms.div_euclid(1000),
                cpu_percent: cpu,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datapoints_are_parsed_twice() {
        let body = serde_json::json!({
            "Code": "200",
            "Datapoints": "[{\"timestamp\":1714521600000,\"instanceId\":\"i-1\",\"Average\":12.5,\"Maximum\":40,\"Minimum\":1}]"
        });
        let p = points(&body).unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].resource_id, "i-1");
        assert_eq!(p[0].at, 1_714_521_600);
        assert_eq!(p[0].cpu_percent, 12.5);
        let missing = serde_json::json!({"Datapoints": "[{\"instanceId\":\"i-1\"}]"});
        assert!(points(&missing).is_err());
    }
}
