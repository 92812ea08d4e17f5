//! CloudWatch `GetMetricData` (query protocol): the daily average of
//! `AWS/EC2` `CPUUtilization` per instance, one metric query per instance
//! and up to [`BATCH`] instances per request.

use chrono::NaiveDate;

use super::errors::{bad, own_text, xml};
use super::Client;
use crate::{ErrorKind, ProviderError, UtilPoint};

const ACTION: &str = "cloudwatch:GetMetricData";
/// Instances per request: well under the 500 metric queries a request may hold.
pub(super) const BATCH: usize = 100;

fn day_start(d: NaiveDate) -> String {
    format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
}

/// The form fields asking for `ids`' daily average CPU.
fn params(ids: &[String], from: NaiveDate, to: NaiveDate) -> Vec<(String, String)> {
    let mut p = vec![
        ("StartTime".to_string(), day_start(from)),
        ("EndTime".to_string(), day_start(to)),
    ];
    for (i, id) in ids.iter().enumerate() {
        let m = format!("MetricDataQueries.member.{}", i + 1);
        p.push((format!("{m}.Id"), format!("cpu{i}")));
        p.push((format!("{m}.MetricStat.Metric.Namespace"), "AWS/EC2".into()));
        p.push((
            format!("{m}.MetricStat.Metric.MetricName"),
            "CPUUtilization".into(),
        ));
        p.push((
            format!("{m}.MetricStat.Metric.Dimensions.member.1.Name"),
            "InstanceId".into(),
        ));
        p.push((
            format!("{m}.MetricStat.Metric.Dimensions.member.1.Value"),
            id.clone(),
        ));
        p.push((format!("{m}.MetricStat.Period"), "86400".into()));
        p.push((format!("{m}.MetricStat.Stat"), "Average".into()));
    }
    p
}

impl Client {
    /// Daily average CPU of `instance_ids` from `from` to `to` (exclusive),
    /// following `NextToken` (only answers past 100,800 points have one).
    pub async fn utilisation(
        &self,
        region: &str,
        instance_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<UtilPoint>, ProviderError> {
        let mut out = Vec::new();
        if to <= from || instance_ids.is_empty() {
            return Ok(out);
        }
        for batch in instance_ids.chunks(BATCH) {
            let owned = params(batch, from, to);
            let mut token: Option<String> = None;
            loop {
                let mut p: Vec<(&str, &str)> = vec![("Region", region)];
                p.extend(owned.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                if let Some(t) = &token {
                    p.push(("NextToken", t));
                }
                let (body, _) = self.call(ACTION, &p).await?;
                let text = String::from_utf8_lossy(&body);
                let (points, next) = points(&text, batch)?;
                out.extend(points);
                match next {
                    Some(n) => token = Some(n),
                    None => break,
                }
            }
        }
        Ok(out)
    }
}

/// The points of an answer (`cpuN` is the batch's N-th instance) and its `NextToken`.
fn points(text: &str, ids: &[String]) -> Result<(Vec<UtilPoint>, Option<String>), ProviderError> {
    let doc = xml(ACTION, text)?;
    let result = doc
        .descendants()
        .find(|n| n.has_tag_name("GetMetricDataResult"))
        .ok_or_else(|| bad(ACTION, "GetMetricDataResult"))?;
    let mut out = Vec::new();
    let results = result
        .children()
        .find(|n| n.has_tag_name("MetricDataResults"))
        .map(|r| {
            r.children()
                .filter(|n| n.has_tag_name("member"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    for (i, m) in results.iter().enumerate() {
        let id =
            own_text(*m, "Id").ok_or_else(|| bad(ACTION, &format!("MetricDataResults[{i}].Id")))?;
        let resource = id
            .strip_prefix("cpu")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| ids.get(n))
            .ok_or_else(|| {
                bad(
                    ACTION,
                    &format!("MetricDataResults[{i}].Id (a query id it was sent)"),
                )
            })?;
        let list = |tag: &str| -> Vec<String> {
            m.children()
                .find(|n| n.has_tag_name(tag))
                .map(|l| {
                    l.children()
                        .filter(|n| n.has_tag_name("member"))
                        .filter_map(|n| n.text().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (times, values) = (list("Timestamps"), list("Values"));
        if times.len() != values.len() {
            return Err(bad(
                ACTION,
                &format!("MetricDataResults[{i}] with as many Values as Timestamps"),
            ));
        }
        for (t, v) in times.iter().zip(&values) {
            let at = chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| {
                    bad(
                        ACTION,
                        &format!("MetricDataResults[{i}].Timestamps ('{t}')"),
                    )
                })?
                .timestamp();
            let cpu_percent: f64 = v.parse().map_err(|_| {
                ProviderError::new(
                    ErrorKind::BadResponse,
                    format!("{ACTION}: MetricDataResults[{i}].Values '{v}' is not a number"),
                )
            })?;
            out.push(UtilPoint {
                resource_id: resource.clone(),
                at,
                cpu_percent,
            });
        }
    }
    let next = own_text(result, "NextToken")
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    Ok((out, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_answer_gives_points_per_instance() {
        let text = r#"<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
  <GetMetricDataResult><MetricDataResults><member><Id>cpu1</Id><Label>CPUUtilization</Label>
    <Timestamps><member>2025-06-13T00:00:00Z</member><member>2025-06-14T00:00:00Z</member></Timestamps>
    <Values><member>1.5</member><member>20.25</member></Values><StatusCode>Complete</StatusCode></member></MetricDataResults>
  </GetMetricDataResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetMetricDataResponse>"#;
        let ids = vec!["i-a".to_string(), "i-b".to_string()];
        let (p, next) = match points(text, &ids) {
            Ok(v) => v,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].resource_id, "i-b");
        assert_eq!(p[1].cpu_percent, 20.25);
        assert_eq!(next, None);
        let q = params(
            &ids,
            NaiveDate::from_ymd_opt(2025, 6, 8).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2025, 6, 15).unwrap_or_default(),
        );
        assert!(q.contains(&(
            "MetricDataQueries.member.2.MetricStat.Metric.Dimensions.member.1.Value".into(),
            "i-b".into()
        )));
    }
}
