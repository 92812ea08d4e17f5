//! Azure Monitor metrics: the daily average of a virtual machine's
//! `Percentage CPU` (`GET {vm}/providers/Microsoft.Insights/metrics`,
//! `interval=P1D`, `aggregation=Average`), one machine a request.

use chrono::NaiveDate;
use serde_json::Value;

use super::errors::bad;
use super::Client;
use crate::{ErrorKind, ProviderError, UtilPoint};

const ACTION: &str = "monitor:ListMetrics";

fn day_start(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

impl Client {
    /// Daily average CPU of `instance_ids` (ARM ids) from `from` to `to` (exclusive).
    pub async fn utilisation(
        &self,
        _region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let mut out = Vec::new();
        if to <= from {
            return Ok(out);
        }
        let timespan = format!("{}/{}", day_start(from), day_start(to));
        for id in instance_ids {
            if !id.starts_with("/subscriptions/") {
                return Err(ProviderError::new(
                    ErrorKind::InvalidRequest,
                    format!("{ACTION}: '{id}' is not a virtual machine's resource id"),
                ));
            }
            let path = format!("{id}/providers/Microsoft.Insights/metrics");
            let (body, _) = self
                .call(
                    ACTION,
                    &[
                        ("Path", &path),
                        ("metricnames", "Percentage CPU"),
                        ("timespan", &timespan),
                        ("interval", "P1D"),
                        ("aggregation", "Average"),
                    ],
                )
                .await?;
            out.extend(points(&body, id)?);
        }
        Ok(out)
    }
}

/// The `average` points of the answer's `Percentage CPU` time series.
fn points(body: &[u8], id: &str) -> Result<Vec<UtilPoint>, ProviderError> {
    let v: Value = serde_json::from_slice(body).map_err(|_| bad(ACTION, "JSON body"))?;
    let mut out = Vec::new();
    let metrics = v
        .get("value")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(ACTION, "value"))?;
    for (m, metric) in metrics.iter().enumerate() {
        let series = metric
            .get("timeseries")
            .and_then(Value::as_array)
            .ok_or_else(|| bad(ACTION, &format!("value[{m}].timeseries")))?;
        for s in series {
            for (p, point) in s
                .get("data")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                // A day with no samples has a time stamp and no average.
                let Some(avg) = point.get("average").and_then(Value::as_f64) else {
                    continue;
                };
                let at = point
                    .get("timeStamp")
                    .and_then(Value::as_str)
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .ok_or_else(|| {
                        bad(
                            ACTION,
                            &format!("value[{m}].timeseries.data[{p}].timeStamp"),
                        )
                    })?
                    .timestamp();
                out.push(UtilPoint {
                    resource_id: id.to_string(),
                    at,
                    cpu_percent: avg,
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_become_points_and_empty_days_are_not_zero() {
        let body = br#"{"cost":0,"timespan":"2025-06-12T00:00:00Z/2025-06-14T00:00:00Z","interval":"P1D","value":[{"id":"x","type":"Microsoft.Insights/metrics",
          "name":{"value":"Percentage CPU","localizedValue":"Percentage CPU"},"unit":"Percent",
          "timeseries":[{"metadatavalues":[],"data":[{"timeStamp":"2025-06-12T00:00:00Z","average":2.5},{"timeStamp":"2025-06-13T00:00:00Z"}]}],"errorCode":"Success"}],
          "namespace":"Microsoft.Compute/virtualMachines","resourceregion":"eastus"}"#;
        let p = points(body, "/subscriptions/s/vm").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].at, p[0].cpu_percent), (1_749_686_400, 2.5));
    }
}
