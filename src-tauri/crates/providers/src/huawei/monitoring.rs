//! Cloud Eye CPU utilisation: `BatchListMetricData` (`POST
//! /V1.0/{project_id}/batch-query-metric-data`) of `SYS.ECS` `cpu_util`
//! per `instance_id`, daily averages (`period` 86400, `filter` average).
//!
//! Memory is not read: `SYS.ECS` `mem_util` and `AGT.ECS` `mem_usedPercent`
//! come from the guest's tools or the Cloud Eye agent, which CloudLens does
//! not install, so an instance without them reports nothing.

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use serde_json::json;

use super::inventory::bad;
use super::{Client, METRIC_DATA};
use crate::{ProviderError, UtilPoint};

/// Instances per request. The API accepts 500 metrics, but caps each
/// query at `metrics × (to − from) / period ≤ 3000` points (moving `from`
/// later past that), so a batch is sized for 60 daily points each.
const METRIC_INSTANCES: usize = 50;

#[derive(Debug, Deserialize)]
struct MetricsAnswer {
    metrics: Option<Vec<MetricData>>,
}

#[derive(Debug, Deserialize)]
struct MetricData {
    dimensions: Option<Vec<Dimension>>,
    datapoints: Option<Vec<Datapoint>>,
}

#[derive(Debug, Deserialize)]
struct Dimension {
    name: Option<String>,
    value: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Datapoint {
    average: Option<f64>,
    /// Milliseconds since the epoch.
    timestamp: Option<i64>,
}

impl Client {
    /// Instances per utilisation request.
    pub fn utilisation_batch(&self) -> usize {
        METRIC_INSTANCES
    }

    /// Daily averages of `SYS.ECS` `cpu_util` from `from` up to (not
    /// including) `to`.
    pub async fn utilisation(
        &self,
        region: &str,
        ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let ms = |d: NaiveDate| d.and_time(NaiveTime::MIN).and_utc().timestamp() * 1000;
        let project_id = self.project_id(region).await?;
        let mut out = Vec::new();
        for chunk in ids.chunks(METRIC_INSTANCES) {
            let metrics: Vec<_> = chunk
                .iter()
                .map(|id| {
                    json!({
                        "namespace": "SYS.ECS",
                        "metric_name": "cpu_util",
                        "dimensions": [{ "name": "instance_id", "value": id }],
                    })
                })
                .collect();
            let body = json!({
                "metrics": metrics,
                "from": ms(from),
                "to": ms(to),
                "period": "86400",
                "filter": "average",
            });
            let (answer, request_id): (MetricsAnswer, String) = self
                .post(
                    METRIC_DATA,
                    &[("region", region), ("project_id", &project_id)],
                    body,
                )
                .await?;
            out.extend(points(answer).map_err(|e| e.with_request_id(&request_id))?);
        }
        Ok(out)
    }
}

fn points(answer: MetricsAnswer) -> Result<Vec<UtilPoint>, ProviderError> {
    let mut out = Vec::new();
    for (m, metric) in answer.metrics.into_iter().flatten().enumerate() {
        let id = metric
            .dimensions
            .iter()
            .flatten()
            .find(|d| d.name.as_deref() == Some("instance_id"))
            .and_then(|d| d.value.clone())
            .ok_or_else(|| bad(format!("metrics[{m}] names no instance_id dimension")))?;
        for (i, p) in metric.datapoints.into_iter().flatten().enumerate() {
            let at = |f: &str| format!("metrics[{m}].datapoints[{i}].{f}");
            let cpu = p
                .average
                .ok_or_else(|| bad(format!("the answer lacks {}", at("average"))))?;
            let ts = p
                .timestamp
                .ok_or_else(|| bad(format!("the answer lacks {}", at("timestamp"))))?;
            out.push(UtilPoint {
                resource_id: id.clone(),
                at: ts.div_euclid(1000),
                cpu_percent: cpu,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datapoints_become_samples() {
        let a: MetricsAnswer = serde_json::from_str(
            r#"{"metrics":[{"namespace":"SYS.ECS","metric_name":"cpu_util","unit":"%",
                "dimensions":[{"name":"instance_id","value":"i-1"}],
                "datapoints":[{"average":0.69,"timestamp":1556625600000}]}]}"#,
        )
        .unwrap();
        let p = points(a).unwrap();
        assert_eq!(
            p,
            vec![UtilPoint {
                resource_id: "i-1".into(),
                at: 1_556_625_600,
                cpu_percent: 0.69
            }]
        );
        let a: MetricsAnswer =
            serde_json::from_str(r#"{"metrics":[{"datapoints":[{"average":1.0}]}]}"#).unwrap();
        assert!(points(a).unwrap_err().message.contains("instance_id"));
    }
}
