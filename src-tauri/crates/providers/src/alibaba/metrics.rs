//! CloudMonitor `DescribeMetricList` answers: `Datapoints` is a JSON list
//! encoded as a string inside the JSON answer.

use serde_json::Value;

use super::api::member;
use crate::{ErrorKind, ProviderError, UtilPoint};

pub(super) fn points(body: &Value) -> Result<Vec<UtilPoint>, ProviderError> {
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
