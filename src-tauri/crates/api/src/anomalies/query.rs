//! Reading anomalies back: the filtered list with the open impact per
//! currency, one anomaly in detail (its chart, status history and what
//! feedback taught the detector), and the Overview's summary.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};
use cloudlens_anomaly::{Detector, SeriesInput};
use cloudlens_charts::{anomaly_chart, AnomalyChart, Theme, DAILY_SIZE};
use cloudlens_explore::date_of;
use cloudlens_store::{AnomalyFilter, AnomalyRecord, MonitorRecord};
use rust_decimal::Decimal;

use super::codec::{self, from_json, StoredFeedback};
use super::feedback::feedback_view;
use super::money::{from_exact, from_model, text};
use super::records::view;
use super::series::{group_filters, Window};
use super::views::{
    AnomalyDetail, AnomalyList, AnomalyListQuery, AnomalyOverview, AnomalyStatus, AnomalyView,
    StatusChangeView,
};
use crate::explore_convert::{invalid, metric};
use crate::explore_rules::rfc3339;
use crate::{ApiError, CloudLens, CurrencyAmount, Locale};

/// Days of context the detail chart shows before and after an anomaly.
const CHART_BEFORE: i64 = 45;
const CHART_AFTER: i64 = 14;

fn labels(locale: Locale) -> [&'static str; 4] {
    match locale {
        Locale::En => ["Actual", "Expected", "Expected range", "Anomaly"],
        Locale::ZhCn => ["实际", "预期", "预期范围", "异常"],
    }
}

fn open_impact(list: &[AnomalyView]) -> Vec<CurrencyAmount> {
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for a in list.iter().filter(|a| a.status == AnomalyStatus::Open) {
        *sums.entry(a.currency.clone()).or_default() +=
            a.impact.parse::<Decimal>().unwrap_or_default();
    }
    sums.into_iter()
        .map(|(currency, amount)| CurrencyAmount {
            amount: text(amount, &currency),
            currency,
        })
        .collect()
}

impl CloudLens {
    fn monitors_by_id(&self) -> Result<HashMap<i64, MonitorRecord>, ApiError> {
        Ok(self
            .store
            .anomaly_monitors()?
            .into_iter()
            .map(|m| (m.id, m))
            .collect())
    }

    /// An anomaly and the monitor that found it.
    pub(crate) fn anomaly_of(&self, id: &str) -> Result<(AnomalyRecord, MonitorRecord), ApiError> {
        let record = self
            .store
            .anomaly(id)?
            .ok_or_else(|| invalid(format!("anomaly: no anomaly with id {id:?}")))?;
        let monitor = self
            .monitors_by_id()?
            .remove(&record.monitor_id)
            .ok_or_else(|| invalid(format!("anomaly {id}: its monitor was removed")))?;
        Ok((record, monitor))
    }

    pub fn anomalies(&self, q: &AnomalyListQuery) -> Result<AnomalyList, ApiError> {
        let monitors = self.monitors_by_id()?;
        let mut ids = Vec::new();
        for n in &q.monitors {
            let m = monitors
                .values()
                .find(|m| &m.monitor.name == n)
                .ok_or_else(|| invalid(format!("monitor: no monitor named {n:?}")))?;
            ids.push(m.id);
        }
        for (field, d) in [("from", &q.from), ("to", &q.to)] {
            if let Some(d) = d {
                crate::explore_convert::date(field, d)?;
            }
        }
        let records = self.store.anomalies(&AnomalyFilter {
            monitor_ids: ids,
            from: q.from.clone(),
            to: q.to.clone(),
            statuses: q.statuses.iter().map(|s| codec::status_text(*s)).collect(),
            include_withdrawn: q.include_withdrawn,
        })?;
        let mut out = Vec::new();
        for r in &records {
            let Some(m) = monitors.get(&r.monitor_id) else {
                continue;
            };
            let v = view(r, m)?;
            let severity_ok = q.severities.is_empty() || q.severities.contains(&v.severity);
            let provider_ok =
                q.providers.is_empty() || v.providers.iter().any(|p| q.providers.contains(p));
            if severity_ok && provider_ok {
                out.push(v);
            }
        }
        Ok(AnomalyList {
            open_impact: open_impact(&out),
            anomalies: out,
        })
    }

    /// Open anomalies of the 30 days up to `today`.
    pub fn anomaly_overview(&self, today: NaiveDate) -> Result<AnomalyOverview, ApiError> {
        let list = self.anomalies(&AnomalyListQuery {
            from: Some((today - Duration::days(30)).to_string()),
            to: Some(today.to_string()),
            statuses: vec![AnomalyStatus::Open],
            ..AnomalyListQuery::default()
        })?;
        Ok(AnomalyOverview {
            open: list.anomalies.len() as u32,
            impact: list.open_impact,
        })
    }

    pub fn anomaly_detail(&mut self, id: &str, locale: Locale) -> Result<AnomalyDetail, ApiError> {
        let (record, monitor) = self.anomaly_of(id)?;
        let anomaly = view(&record, &monitor)?;
        let history = self
            .store
            .anomaly_status_history(id)?
            .into_iter()
            .map(|h| {
                Ok(StatusChangeView {
                    status: codec::parse_name("anomaly status", &h.status)?,
                    actor: h.actor,
                    at: rfc3339(h.at),
                    note: h.note,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        let feedback = self
            .store
            .anomaly_feedback_of(id)?
            .map(|f| feedback_view(&f))
            .transpose()?;
        let chart = self.anomaly_chart(&record, &monitor, &anomaly, locale)?;
        Ok(AnomalyDetail {
            anomaly,
            chart,
            history,
            feedback,
        })
    }

    fn anomaly_chart(
        &mut self,
        r: &cloudlens_store::AnomalyRecord,
        m: &MonitorRecord,
        a: &AnomalyView,
        locale: Locale,
    ) -> Result<cloudlens_charts::ChartView, ApiError> {
        let scope = codec::scope(&m.monitor.scope)?;
        let snapshot = self.explore_snapshot()?;
        let Some((first, last)) = snapshot.day_span() else {
            return Err(invalid("the store has no cost lines to draw"));
        };
        let w = Window::between(date_of(first), date_of(last));
        let values: Vec<Option<String>> = scope
            .group_by
            .iter()
            .map(|g| a.groups.get(g).cloned().flatten())
            .collect();
        let group = group_filters(&scope.group_by, &values);
        let metric = metric(codec::parse_name("monitor metric", &m.monitor.metric)?);
        let series = self
            .daily_series(&scope, &group, &[], metric, w)?
            .into_iter()
            .find(|s| s.currency == r.currency)
            .ok_or_else(|| {
                invalid(format!(
                    "anomaly {}: its scope has no spend in {}",
                    r.id, r.currency
                ))
            })?;
        let mut learned = Vec::new();
        for f in self.store.anomaly_feedback(Some(m.id))? {
            if f.groups == r.groups && f.currency == r.currency {
                let s: StoredFeedback = from_json("feedback", &f.learned)?;
                learned.push(codec::learned(&s.learned)?);
            }
        }
        let ys = series.values();
        let detector = Detector::default();
        let models = detector.model(&SeriesInput {
            start: w.from,
            values: &ys,
            region: super::detect::region(&r.currency),
            covered_from: w.from,
            learned: &learned,
        });
        let (start, end) = (codec::day(&r.start)?, codec::day(&r.end)?);
        let lo = w.index((start - Duration::days(CHART_BEFORE)).max(w.from));
        let hi = w.index((end + Duration::days(CHART_AFTER)).min(date_of(last)));
        let cur = r.currency.as_str();
        let z = detector.params().z_open;
        let days: Vec<NaiveDate> = (lo..=hi).map(|i| w.date(i)).collect();
        let actual: Vec<Decimal> = (lo..=hi)
            .map(|i| from_exact(series.nanos[i], cur))
            .collect();
        let pick = |f: &dyn Fn(&cloudlens_anomaly::DayModel) -> f64| -> Vec<Option<Decimal>> {
            (lo..=hi)
                .map(|i| models[i].as_ref().map(|m| from_model(f(m), cur)))
                .collect()
        };
        let chart = anomaly_chart(
            &AnomalyChart {
                days: &days,
                actual: &actual,
                expected: &pick(&|m| m.expected),
                lower: &pick(&|m| m.band(z).0),
                upper: &pick(&|m| m.band(z).1),
                anomaly: (w.index(start) - lo, w.index(end) - lo),
                currency: cur,
                labels: labels(locale),
            },
            DAILY_SIZE,
            &Theme::default(),
        )
        .map_err(|e| ApiError::new(crate::ErrorCode::Internal, e.to_string()))?;
        Ok(chart)
    }
}
