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

use super::codec;
use super::feedback::feedback_view;
use super::money::{from_exact, from_model, text};
use super::records::view;
use super::series::{group_filters, Window};
use super::views::{
    AnomalyDetail, AnomalyList, AnomalyListQuery, AnomalyOverview, AnomalyStatus, AnomalyView,
    StatusChangeView,
};
use crate::allocation::rules::rfc3339;
use crate::explore::convert::{invalid, metric};
use crate::{
    AmountOn, ApiError, ChartView, CloudLens, ConvertedTotal, CurrencyAmount, ErrorCode, Locale,
};

/// Days of context the detail chart shows before and after an anomaly.
const CHART_BEFORE: i64 = 45;
const CHART_AFTER: i64 = 14;

fn labels(locale: Locale) -> [&'static str; 4] {
    match locale {
        Locale::En => ["Actual", "Expected", "Expected range", "Anomaly"],
        Locale::ZhCn => ["实际", "预期", "预期范围", "异常"],
    }
}

/// Open anomalies the Overview lists by name.
const OVERVIEW_TOP: usize = 5;

fn impact_of(a: &AnomalyView) -> Decimal {
    a.impact.parse::<Decimal>().unwrap_or_default()
}

fn open_impact(list: &[AnomalyView]) -> Vec<CurrencyAmount> {
    let mut sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for a in list.iter().filter(|a| a.status == AnomalyStatus::Open) {
        *sums.entry(a.currency.clone()).or_default() += impact_of(a);
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
            .reader()?
            .anomalies()
            .monitors()?
            .into_iter()
            .map(|m| (m.id, m))
            .collect())
    }

    /// An anomaly and the monitor that found it.
    pub(crate) fn anomaly_of(&self, id: &str) -> Result<(AnomalyRecord, MonitorRecord), ApiError> {
        let record = self
            .reader()?
            .anomalies()
            .get(id)?
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
                crate::explore::convert::date(field, d)?;
            }
        }
        let records = self.reader()?.anomalies().list(&AnomalyFilter {
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
        let open_impact_converted = match &q.display_currency {
            Some(to) => Some(self.open_impact_in(&out, to)?),
            None => None,
        };
        Ok(AnomalyList {
            open_impact: open_impact(&out),
            open_impact_converted,
            anomalies: out,
        })
    }

    /// The open anomalies' impact in `to`, each at its last day's rate.
    fn open_impact_in(&self, list: &[AnomalyView], to: &str) -> Result<ConvertedTotal, ApiError> {
        let amounts: Vec<AmountOn> = list
            .iter()
            .filter(|a| a.status == AnomalyStatus::Open)
            .map(|a| AmountOn {
                amount: a.impact.clone(),
                currency: a.currency.clone(),
                date: a.end.clone(),
            })
            .collect();
        self.convert_total(&amounts, to)
    }

    /// Open anomalies of the 30 days up to the latest day with data.
    pub fn anomaly_overview_latest(
        &self,
        display_currency: Option<&str>,
    ) -> Result<AnomalyOverview, ApiError> {
        match self.reader()?.lines().latest_day()? {
            Some(day) => self.anomaly_overview(day, display_currency),
            None => Ok(AnomalyOverview {
                open: 0,
                impact: Vec::new(),
                impact_converted: None,
                top: Vec::new(),
            }),
        }
    }

    /// Open anomalies of the 30 days up to `today`, their impact also in
    /// `display_currency` when one is asked for.
    pub fn anomaly_overview(
        &self,
        today: NaiveDate,
        display_currency: Option<&str>,
    ) -> Result<AnomalyOverview, ApiError> {
        let list = self.anomalies(&AnomalyListQuery {
            from: Some((today - Duration::days(30)).to_string()),
            to: Some(today.to_string()),
            statuses: vec![AnomalyStatus::Open],
            display_currency: display_currency.map(str::to_string),
            ..AnomalyListQuery::default()
        })?;
        let mut top = list.anomalies.clone();
        top.sort_by_key(|a| std::cmp::Reverse(impact_of(a).abs()));
        top.truncate(OVERVIEW_TOP);
        Ok(AnomalyOverview {
            open: list.anomalies.len() as u32,
            impact: list.open_impact,
            impact_converted: list.open_impact_converted,
            top,
        })
    }

    pub fn anomaly_detail(&self, id: &str, locale: Locale) -> Result<AnomalyDetail, ApiError> {
        let (record, monitor) = self.anomaly_of(id)?;
        let anomaly = view(&record, &monitor)?;
        let reader = self.reader()?;
        let history = reader
            .anomalies()
            .status_history(id)?
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
        let feedback = reader
            .anomalies()
            .feedback_of(id)?
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
        &self,
        r: &cloudlens_store::AnomalyRecord,
        m: &MonitorRecord,
        a: &AnomalyView,
        locale: Locale,
    ) -> Result<ChartView, ApiError> {
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
        let learned = self
            .learned_of(m.id)?
            .remove(&(r.groups.clone(), r.currency.clone()))
            .unwrap_or_default();
        let ys = series.values();
        let detector = Detector::default();
        let models = detector.model(&SeriesInput {
            start: w.from,
            values: &ys,
            region: super::detect::region(&r.currency),
            covered_from: w.from,
            learned: &learned,
            impact_scale: None,
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
            &Theme {
                legend: false,
                ..Theme::default()
            },
        )
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        Ok(ChartView::of(chart))
    }
}
