//! Cloud Monitoring `timeSeries.list` of
//! `compute.googleapis.com/instance/cpu/utilization` (a 0–1 ratio per
//! instance), aligned to daily means, for a batch of instances in one
//! filter (`resource.labels.instance_id = one_of(...)`), paged by
//! `pageToken`. Series name the instance by project, zone and id, which
//! gives back its global name.

use chrono::NaiveDate;
use serde_json::Value;

use super::errors::bad;
use super::Client;
use crate::{ProviderError, UtilPoint};

const ACTION: &str = "monitoring.timeSeries.list";
pub(super) const METRIC: &str = "compute.googleapis.com/instance/cpu/utilization";
/// Instances one filter names (filters are limited in length).
pub(super) const BATCH: usize = 100;

fn rfc3339(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The numeric instance id at the end of a global name, when it is one of
/// `project`'s instances.
fn instance_id<'a>(global: &'a str, project: &str) -> Option<&'a str> {
    let rest = global.strip_prefix(&format!(
        "//compute.googleapis.com/projects/{project}/zones/"
    ))?;
    let (_, id) = rest.split_once("/instances/")?;
    id.chars().all(|c| c.is_ascii_digit()).then_some(id)
}

impl Client {
    pub async fn utilisation(
        &self,
        project: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let ids: Vec<String> = instance_ids
            .iter()
            .filter_map(|g| instance_id(g, project))
            .map(|id| format!("\"{id}\""))
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let filter = format!(
            "metric.type = \"{METRIC}\" AND resource.type = \"gce_instance\" AND resource.labels.instance_id = one_of({})",
            ids.join(",")
        );
        let (start, end) = (rfc3339(from), rfc3339(to));
        let mut points = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = vec![
                ("Project", project),
                ("filter", filter.as_str()),
                ("interval.startTime", start.as_str()),
                ("interval.endTime", end.as_str()),
                ("aggregation.alignmentPeriod", "86400s"),
                ("aggregation.perSeriesAligner", "ALIGN_MEAN"),
            ];
            if let Some(t) = &token {
                params.push(("pageToken", t.as_str()));
            }
            let body = self.send(ACTION, &params).await?;
            points.extend(series_points(&body)?);
            token = body
                .get("nextPageToken")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if token.is_none() {
                return Ok(points);
            }
        }
    }
}

/// Every point of every series, as percent.
fn series_points(body: &Value) -> Result<Vec<UtilPoint>, ProviderError> {
    let mut out = Vec::new();
    let Some(series) = body.get("timeSeries") else {
        return Ok(out);
    };
    let series = series
        .as_array()
        .ok_or_else(|| bad(ACTION, "timeSeries as a list"))?;
    for s in series {
        let labels = s
            .get("resource")
            .and_then(|r| r.get("labels"))
            .ok_or_else(|| bad(ACTION, "resource.labels of a series"))?;
        let label = |k: &str| labels.get(k).and_then(Value::as_str).unwrap_or_default();
        let (project, zone, id) = (label("project_id"), label("zone"), label("instance_id"));
        if project.is_empty() || zone.is_empty() || id.is_empty() {
            return Err(bad(ACTION, "project_id, zone and instance_id of a series"));
        }
        let resource_id =
            format!("//compute.googleapis.com/projects/{project}/zones/{zone}/instances/{id}");
        for p in s
            .get("points")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let at = p
                .get("interval")
                .and_then(|i| i.get("startTime").or_else(|| i.get("endTime")))
                .and_then(Value::as_str)
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .ok_or_else(|| bad(ACTION, "a point's interval"))?;
            let ratio = p
                .get("value")
                .and_then(|v| v.get("doubleValue"))
                .and_then(Value::as_f64)
                .ok_or_else(|| bad(ACTION, "a point's doubleValue"))?;
            out.push(UtilPoint {
                resource_id: resource_id.clone(),
                at: at.timestamp(),
                cpu_percent: ratio * 100.0,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn series_give_percent_per_instance_and_day() {
        let body = json!({"timeSeries": [{"metric": {"type": METRIC},
            "resource": {"type": "gce_instance", "labels": {"project_id": "p", "zone": "us-east1-b", "instance_id": "77"}},
            "points": [{"interval": {"startTime": "2025-06-12T00:00:00Z", "endTime": "2025-06-13T00:00:00Z"}, "value": {"doubleValue": 0.25}}]}]});
        let p = series_points(&body).unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].resource_id,
            "//compute.googleapis.com/projects/p/zones/us-east1-b/instances/77"
        );
        assert!((p[0].cpu_percent - 25.0).abs() < 1e-9);
        assert_eq!(
            instance_id(
                "//compute.googleapis.com/projects/p/zones/z/instances/77",
                "p"
            ),
            Some("77")
        );
        assert_eq!(
            instance_id(
                "//compute.googleapis.com/projects/q/zones/z/instances/77",
                "p"
            ),
            None
        );
    }
}
